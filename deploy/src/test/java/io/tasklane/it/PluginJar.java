package io.tasklane.it;

import io.tasklane.it.plugin.FlakyHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the test-only task handlers ({@code io.tasklane.it.plugin}, compiled into the test
 * classes) into a plugin jar, the way a user ships a plugin: classes plus a ServiceLoader file.
 */
final class PluginJar {

  private static final String PACKAGE = "io/tasklane/it/plugin/";
  private static final String SERVICE = "META-INF/services/io.tasklane.spi.TaskHandler";

  private PluginJar() {}

  /** Writes {@code dir/tasklane-test-plugin.jar}; returns it. */
  static Path write(Path dir) throws IOException, URISyntaxException {
    Path classes = Path.of(FlakyHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path packageDir = classes.resolve(PACKAGE);
    List<Path> classFiles;
    try (Stream<Path> files = Files.list(packageDir)) {
      classFiles = files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
    }
    StringBuilder providers = new StringBuilder();
    for (Path file : classFiles) {
      String name = file.getFileName().toString();
      if (name.endsWith("Handler.class") && !name.contains("$")) {
        providers.append(PACKAGE.replace('/', '.')).append(name, 0, name.length() - ".class".length()).append('\n');
      }
    }
    Files.createDirectories(dir);
    Path jar = dir.resolve("tasklane-test-plugin.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (Path file : classFiles) {
        zip.putNextEntry(new JarEntry(PACKAGE + file.getFileName()));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
      zip.putNextEntry(new JarEntry(SERVICE));
      zip.write(providers.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
