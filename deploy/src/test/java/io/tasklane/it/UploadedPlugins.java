package io.tasklane.it;

import io.tasklane.it.uploaded.ReverseHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Plugin jars for {@code tasklane plugins add}, packed from the test classes of
 * {@code io.tasklane.it.uploaded} the way a user's build packs them: chosen classes, a
 * ServiceLoader file naming the handlers, a manifest with the plugin's name and version.
 */
final class UploadedPlugins {

  static final String SERVICES = "META-INF/services/io.tasklane.spi.TaskHandler";
  private static final String PACKAGE = "io/tasklane/it/uploaded/";

  private UploadedPlugins() {}

  /**
   * Writes {@code dir/fileName} with the classes {@code classes} (simple names) of the package,
   * {@code services} as the ServiceLoader file (null: none) and, when {@code title} is not null,
   * a manifest naming the plugin {@code title} {@code version}.
   */
  static Path jar(Path dir, String fileName, List<String> classes, String services, String title, String version)
      throws IOException, URISyntaxException {
    Path compiled = Path.of(ReverseHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(PACKAGE);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (title != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, title);
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    }
    Files.createDirectories(dir);
    Path jar = dir.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
      for (String simpleName : classes) {
        zip.putNextEntry(new JarEntry(PACKAGE + simpleName + ".class"));
        zip.write(Files.readAllBytes(compiled.resolve(simpleName + ".class")));
        zip.closeEntry();
      }
      if (services != null) {
        zip.putNextEntry(new JarEntry(SERVICES));
        zip.write(services.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** The class name a ServiceLoader file gives for {@code simpleName} of the package. */
  static String provider(String simpleName) {
    return PACKAGE.replace('/', '.') + simpleName + "\n";
  }
}
