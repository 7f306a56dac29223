package io.tasklane.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** TLS material made once per test class (keytool runs take seconds), copied for tests that spoil it. */
final class Material {

  private Material() {}

  static Path make(Path parent, String name, List<String> hosts) throws IOException {
    Path dir = parent.resolve(name);
    CertsInit.run(dir, hosts, CertsInit.NODE_DAYS);
    return dir;
  }

  static Path copy(Path dir, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }
}
