package io.tasklane.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the bytes of every connection made to one socket to a new connection to another, both
 * ways: TLS passes through untouched. {@link MultiHostIT} reaches a coordinator inside a network
 * namespace through two of them and a Unix socket file (the file system is shared, the network is
 * not): the test's loopback port, to the socket file, to a relay process started in the
 * coordinator's namespace ({@link #main}), to the coordinator's API. The root namespace gets no
 * address and no route.
 */
final class SocketRelay implements AutoCloseable {

  private static final int BUFFER = 64 * 1024;

  private final ServerSocketChannel server;
  private final Thread acceptor;

  private SocketRelay(ServerSocketChannel server, SocketAddress target) {
    this.server = server;
    this.acceptor = Thread.ofVirtual().name("relay-accept").start(() -> accept(server, target));
  }

  /** In a namespace: {@code SocketRelay SOCKET-FILE HOST PORT} relays the socket file to HOST:PORT until killed. */
  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    new SocketRelay(server, new InetSocketAddress(args[1], Integer.parseInt(args[2]))).acceptor.join();
  }

  /** In the test: a free loopback port relayed to the socket file. */
  static SocketRelay loopbackTo(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new SocketRelay(server, UnixDomainSocketAddress.of(socket));
  }

  int port() throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    acceptor.interrupt();
  }

  private static void accept(ServerSocketChannel server, SocketAddress target) {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread.ofVirtual().start(() -> connect(client, target));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void connect(SocketChannel client, SocketAddress target) {
    try (client; SocketChannel upstream = SocketChannel.open(target)) {
      Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
      copy(client, upstream);
      back.join();
    } catch (IOException unreachable) {
      // the client sees the connection closed, as with a port nobody listens on
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(SocketChannel from, SocketChannel to) {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
      to.shutdownOutput();
    } catch (IOException broken) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
