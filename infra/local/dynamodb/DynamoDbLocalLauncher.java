// Starts AWS's DynamoDB Local bound to 127.0.0.1 only (its own CLI has no bind-address flag and
// listens on every interface). Run as a single-file program: `java -cp <DynamoDBLocal jars> DynamoDbLocalLauncher.java`.
// Prints "BATON_DYNAMODB_READY port=<n>" once listening and exits when its standard input closes,
// so it never outlives the Node process that spawned it, even after `kill -9` of that process.
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public class DynamoDbLocalLauncher {
  public static void main(String[] args) throws Exception {
    int port = 0;
    String dbPath = null;
    boolean inMemory = false;
    boolean sharedDb = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-port": port = Integer.parseInt(args[++i]); break;
        case "-dbPath": dbPath = args[++i]; break;
        case "-inMemory": inMemory = true; break;
        case "-sharedDb": sharedDb = true; break; // one database for every access key and region (Baton does not use it)
        case "-disableTelemetry": break; // telemetry is only sent by DynamoDBProxyServer.start(), never called here
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, inMemory, dbPath, sharedDb, false);
    LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);
    // The proxy is only used for its public handler wiring; its own Jetty server (all interfaces) never starts.
    DynamoDBProxyServer proxy = new DynamoDBProxyServer(0, handler);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(proxy.setUpHandler(handler));
    server.setStopAtShutdown(true);
    server.start();
    System.out.println("BATON_DYNAMODB_READY port=" + connector.getLocalPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) { /* parent is alive */ }
      } catch (Exception ignored) { }
      try { server.stop(); requests.shutdown(); } catch (Exception ignored) { }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    server.join();
  }
}
