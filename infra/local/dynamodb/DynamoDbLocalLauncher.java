// Starts AWS's DynamoDB Local bound to 127.0.0.1 only (its own CLI has no bind-address flag and
// listens on every interface). Run as a single-file program: `java -cp <DynamoDBLocal jars> DynamoDbLocalLauncher.java`.
// Prints "BATON_DYNAMODB_READY port=<n>" once listening and exits when its standard input closes,
// so it never outlives the Node process that spawned it, even after `kill -9` of that process.
// DynamoDB Local answers a write before its SQLite COMMIT has run (commitTransaction only queues the
// COMMIT for the database thread, "SQLiteQueue[...]"), so every way out (standard input closing,
// SIGTERM, SIGINT) first lets that thread finish what it was given: a write that was acknowledged
// is never cut off mid-commit and rolled back on the next start.
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
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(server, requests)));
    System.out.println("BATON_DYNAMODB_READY port=" + connector.getLocalPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) { /* parent is alive */ }
      } catch (Exception ignored) { }
      System.exit(0); // runs the shutdown hook: drain, then exit
    });
    watchdog.setDaemon(true);
    watchdog.start();
    server.join();
  }

  /** Stops taking requests, then waits for the database thread to run every queued job (commits included). */
  private static void drain(Server server, LocalDynamoDBRequestHandler requests) {
    try { server.stop(); } catch (Exception ignored) { }
    try { requests.shutdown(); } catch (Exception ignored) { } // stops each SQLiteQueue gracefully: queued jobs still run
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!thread.getName().startsWith("SQLiteQueue")) continue;
      try { thread.join(30_000); } catch (InterruptedException ignored) { }
    }
  }
}
