package io.tasklane.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the few nodes a test must give a fixed address before they start (a seed list that
 * names them, a node started again at its old address). Never one the kernel hands out for port 0
 * (they come from below {@code ip_local_port_range}, where the nodes that bind port 0 never land),
 * never twice in this JVM, and never one another test JVM on this machine holds: each is reserved
 * by a lock file under {@code java.io.tmpdir} held until this JVM exits. Everything else binds
 * port 0 and is read back from its {@code --ports-file} ({@link BoundPorts}).
 */
final class FixedPorts {

  /** The lowest port handed out: above the well-known and most registered services' ports. */
  static final int LOW = 20000;
  private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "tasklane-it-ports");
  /** Held for this JVM's life: a lock is released when its channel closes or the JVM ends. */
  private static final List<FileChannel> HELD = new ArrayList<>();
  private static int next = -1;

  private FixedPorts() {}

  /** A port reserved for this JVM, on which nothing listens on 127.0.0.1 now. */
  static synchronized int reserve() {
    int high = ephemeralLow() - 1;
    if (next < 0) {
      next = LOW + ThreadLocalRandom.current().nextInt(high - LOW);
    }
    for (int tried = 0; tried <= high - LOW; tried++) {
      int port = next;
      next = next >= high ? LOW : next + 1;
      if (lock(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port from " + LOW + " to " + high);
  }

  private static boolean lock(int port) {
    try {
      Files.createDirectories(LOCKS);
      FileChannel channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException ours) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return false;
      }
      HELD.add(channel);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}); 32768 elsewhere. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Math.max(LOW + 1000, Integer.parseInt(range.split("\\s+")[0]));
    } catch (IOException | RuntimeException unknown) {
      return 32768;
    }
  }
}
