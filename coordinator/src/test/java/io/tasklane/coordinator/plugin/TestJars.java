package io.tasklane.coordinator.plugin;

import io.tasklane.coordinator.plugin.sample.EchoHandler;
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

/** Packs classes of {@code io.tasklane.coordinator.plugin.sample} into plugin jars for the tests. */
final class TestJars {

  static final String PACKAGE = "io/tasklane/coordinator/plugin/sample/";

  private TestJars() {}

  /** {@code classes} (simple names) and a services file naming {@code providers} (null: no file). */
  static Path jar(Path dir, String fileName, List<String> classes, List<String> providers, String title, String version)
      throws IOException, URISyntaxException {
    Path compiled = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(PACKAGE);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (title != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, title);
    }
    if (version != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    }
    Path jar = dir.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
      for (String name : classes) {
        zip.putNextEntry(new JarEntry(PACKAGE + name + ".class"));
        zip.write(Files.readAllBytes(compiled.resolve(name + ".class")));
        zip.closeEntry();
      }
      if (providers != null) {
        zip.putNextEntry(new JarEntry(JarCheck.SERVICES));
        StringBuilder text = new StringBuilder("# providers\n");
        providers.forEach(p -> text.append(PACKAGE.replace('/', '.')).append(p).append('\n'));
        zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }
}
