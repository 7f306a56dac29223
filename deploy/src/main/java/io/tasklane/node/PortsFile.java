package io.tasklane.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.pekko.actor.Address;

/**
 * {@code --ports-file}: where a node writes the addresses it actually listens on, for a script or
 * test that started it with {@code --port 0} / {@code --http-port 0} and needs them back. One JSON
 * object, {@code {"pid": 4242, "cluster": "127.0.0.1:41234", "http": "127.0.0.1:40321"}}
 * ({@code http} on a coordinator only, once its API listens), replaced atomically each time the
 * node learns one more (a reader never sees half a file), and again when a worker starts a fresh
 * node in its process (which may listen on another port when started on port 0).
 */
final class PortsFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final ObjectNode content = JSON.createObjectNode();

  private PortsFile(Path file) {
    this.file = file.toAbsolutePath();
    content.put("pid", ProcessHandle.current().pid());
  }

  /**
   * Writes the file with the process id alone, before the node starts: a path that cannot be
   * written stops the start, not a running node.
   *
   * @throws StartRefused naming the file and why
   */
  static PortsFile open(Path file) {
    PortsFile ports = new PortsFile(file);
    try {
      ports.write();
    } catch (UncheckedIOException unwritable) {
      throw new StartRefused(unwritable.getMessage());
    }
    return ports;
  }

  /** The node's cluster (Artery) address, as the cluster knows it; drops an older node's HTTP address. */
  synchronized void cluster(Address address) {
    content.remove("http");
    content.put("cluster", address.getHost().orElse("") + ":" + address.getPort().orElse(0));
    write();
  }

  /** The address the coordinator's HTTP API listens on. */
  synchronized void http(InetSocketAddress address) {
    content.put("http", address.getHostString() + ":" + address.getPort());
    write();
  }

  private void write() {
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
      Files.writeString(partial, content.toString() + "\n", StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException unwritable) {
      throw new UncheckedIOException("cannot write --ports-file " + file + ": " + unwritable.getMessage(), unwritable);
    }
  }
}
