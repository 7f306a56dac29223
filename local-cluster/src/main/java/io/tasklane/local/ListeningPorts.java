package io.tasklane.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, from Linux's {@code /proc}: its socket inodes matched
 * against {@code net/tcp}. Empty where there is no {@code /proc} or it cannot be read.
 * Used only to tell which worker pid has which cluster port.
 */
final class ListeningPorts {

  private static final String LISTEN = "0A";

  private ListeningPorts() {
  }

  static Set<Integer> of(long pid) {
    Path proc = Paths.get("/proc", Long.toString(pid));
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException | UnsupportedOperationException gone) {
          // closed meanwhile
        }
      });
    } catch (IOException | java.io.UncheckedIOException noProc) {
      return Set.of();
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("net/tcp", "net/tcp6")) {
      try {
        for (String line : Files.readAllLines(proc.resolve(table))) {
          String[] columns = line.trim().split("\\s+");
          if (columns.length > 9 && LISTEN.equals(columns[3]) && inodes.contains(columns[9])) {
            String local = columns[1];
            ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
          }
        }
      } catch (IOException | RuntimeException unreadable) {
        // no such table here
      }
    }
    return ports;
  }
}
