package io.tasklane.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The bench's HTTP/1.1 client for its requests with a body ({@code --http plain}, the default
 * against a cluster served over plain HTTP): blocking sockets kept alive and reused, one request
 * at a time on each, written in one piece. The JDK's {@code HttpClient} hands every request
 * between its selector thread, an executor and the caller, and on this two-core machine it cost
 * the client 1.5-3 ms of CPU per W4 request, as much as the coordinator spent on it: that was
 * measured as the system's latency. A connection that saw an error, a {@code Connection: close}
 * or more than {@link #IDLE_LIMIT} idle is not used again; a request is never sent twice.
 */
final class PlainHttp {

  /** The answer: status and body (UTF-8). */
  record Response(int status, String body) {}

  private static final Duration IDLE_LIMIT = Duration.ofSeconds(5);
  private static final int MAX_IDLE = 256;
  private static final int MAX_LINE = 8192;

  private final String host;
  private final int port;
  private final String fixedHeaders;
  private final int readTimeoutMillis;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  PlainHttp(URI server, String token, Duration readTimeout) {
    if (!"http".equals(server.getScheme())) {
      throw new IllegalArgumentException("PlainHttp speaks plain HTTP only, not " + server);
    }
    this.host = server.getHost();
    this.port = server.getPort() == -1 ? 80 : server.getPort();
    this.fixedHeaders = "Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
        + "\r\nAccept: application/json\r\n";
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
  }

  /** {@code POST path} with the body; the answer, whatever its status. */
  Response post(String path, String contentType, String body) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + path + " HTTP/1.1\r\n" + fixedHeaders + "Content-Type: " + contentType
        + "\r\nContent-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Connection connection = take();
    boolean reusable = false;
    try {
      connection.out.write(head);
      connection.out.write(content);
      connection.out.flush();
      Response response = connection.read();
      reusable = connection.keepAlive;
      return response;
    } finally {
      if (reusable && idle.size() < MAX_IDLE) {
        connection.idleSince = System.nanoTime();
        idle.push(connection);
      } else {
        connection.close();
      }
    }
  }

  private Connection take() throws IOException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      if (System.nanoTime() - connection.idleSince < IDLE_LIMIT.toNanos()) {
        return connection;
      }
      connection.close(); // the server may be closing it as we send: never a request sent twice
    }
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.setSoTimeout(readTimeoutMillis);
    return new Connection(socket);
  }

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long idleSince;
    private boolean keepAlive;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    Response read() throws IOException {
      String status = line();
      // HTTP/1.1 200 OK
      if (!status.startsWith("HTTP/1.") || status.length() < 12) {
        throw new IOException("not an HTTP/1.x status line: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      keepAlive = status.startsWith("HTTP/1.1");
      long length = -1;
      boolean chunked = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed header: " + header);
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
          default -> { }
        }
      }
      byte[] body;
      if (chunked) {
        body = chunks();
      } else if (length >= 0) {
        body = in.readNBytes(Math.toIntExact(length));
        if (body.length != length) {
          throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
        }
      } else {
        keepAlive = false; // delimited by the end of the connection
        body = in.readAllBytes();
      }
      return new Response(code, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunks() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int extension = size.indexOf(';');
        int length = Integer.parseInt((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
        if (length == 0) {
          while (!line().isEmpty()) {
            // trailers: none expected, skipped
          }
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(length);
        if (chunk.length != length) {
          throw new EOFException("a chunk ended after " + chunk.length + " of " + length + " bytes");
        }
        body.write(chunk);
        if (!line().isEmpty()) {
          throw new IOException("no CRLF after a chunk");
        }
      }
    }

    /** One line without its CRLF (ISO-8859-1, as HTTP's head is). */
    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b == -1) {
          throw new EOFException("the server closed the connection" + (line.isEmpty() ? "" : " mid-line: " + line));
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw new IOException("a header line longer than " + MAX_LINE + " bytes");
        }
        line.append((char) b);
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing: nothing left to do with it
      }
    }
  }
}
