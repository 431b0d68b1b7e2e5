// Builds the one jar the DynamoDB Local JVM runs from, so that its classes can be archived (class data sharing,
// see dynamodb-local.ts): DynamoDBLocal.jar's entries plus the compiled launcher, with the manifest's Class-Path
// left out. The JVM refuses to archive classes when its class path holds a folder that is not empty, and that
// Class-Path names "." (DynamoDB Local's own folder) besides DynamoDBLocal_lib/*, which the launch names itself.
// Run once per version of the sources: `java -cp <compiled> LauncherJar <DynamoDBLocal.jar> <compiled> <target jar>`.
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

public class LauncherJar {
  public static void main(String[] args) throws IOException {
    Path source = Path.of(args[0]);
    Path compiled = Path.of(args[1]);
    Path target = Path.of(args[2]);
    try (JarFile in = new JarFile(source.toFile())) {
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
      try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
        Enumeration<JarEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream bytes = in.getInputStream(entry)) {
            bytes.transferTo(out);
          }
          out.closeEntry();
        }
        out.putNextEntry(new JarEntry("DynamoDbLocalLauncher.class"));
        out.write(Files.readAllBytes(compiled.resolve("DynamoDbLocalLauncher.class")));
        out.closeEntry();
      }
    }
  }
}
