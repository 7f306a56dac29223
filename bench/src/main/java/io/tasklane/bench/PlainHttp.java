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
 * The bench's HTTP/1.1 client for its submits, appends and result streams ({@code --http plain},
 * the default against a cluster served over plain HTTP): blocking sockets kept alive and reused,
 * one request at a time on each, written in one piece; a streamed body handed over line by line.
 * The JDK's {@code HttpClient} hands every request between its selector thread, an executor and
 * the caller, and on this two-core machine it cost the client 1.5-3 ms of CPU per W4 request, as
 * much as the coordinator spent on it: that was measured as the system's latency. A connection
 * that saw an error, a {@code Connection: close} or more than {@link #IDLE_LIMIT} idle is not used
 * again; a request is never sent twice.
 */
final class PlainHttp {

  /** The answer: status and body (UTF-8). */
  record Response(int status, String body) {}

  /** Takes each line of a streamed body, without its line end: {@code bytes[from, to)}, valid during the call. */
  interface LineSink {
    void line(byte[] bytes, int from, int to) throws IOException;
  }

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
    this.fixedHeaders = "Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + token + "\r\n";
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
  }

  /** {@code POST path} with the body; the answer, whatever its status. */
  Response post(String path, String contentType, String body) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + path + " HTTP/1.1\r\n" + fixedHeaders + "Accept: application/json\r\nContent-Type: " + contentType
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
      release(connection, reusable);
    }
  }

  /**
   * {@code GET path}, its body handed to {@code sink} line by line as it arrives (a followed
   * stream of results: no line is decoded unless the sink does); an answer other than 200 is an
   * {@link IOException} with its body.
   */
  void getLines(String path, String accept, LineSink sink) throws IOException {
    Connection connection = take();
    boolean reusable = false;
    try {
      connection.out.write(("GET " + path + " HTTP/1.1\r\n" + fixedHeaders + "Accept: " + accept + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      connection.out.flush();
      Head head = connection.head();
      if (head.status() != 200) {
        throw new IOException("GET " + path + " answered " + head.status() + ": "
            + new String(connection.body(head), StandardCharsets.UTF_8));
      }
      connection.lines(head, sink);
      reusable = connection.keepAlive;
    } finally {
      release(connection, reusable);
    }
  }

  private void release(Connection connection, boolean reusable) {
    if (reusable && idle.size() < MAX_IDLE) {
      connection.idleSince = System.nanoTime();
      idle.push(connection);
    } else {
      connection.close();
    }
  }

  /** A response's status line and the headers that frame its body. */
  private record Head(int status, long length, boolean chunked) {}

  /** Takes the bytes of a body as they are read: {@code bytes[from, from + length)}, valid during the call. */
  private interface Pieces {
    void piece(byte[] bytes, int from, int length) throws IOException;
  }

  private Connection take() throws IOException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      if (System.nanoTime() - connection.idleSince < IDLE_LIMIT.toNanos()) {
        return connection;
      }
      connection.close(); // the server may be closing it as we send: never a request sent twice
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(readTimeoutMillis);
      return new Connection(socket);
    } catch (IOException failed) {
      socket.close();
      throw failed;
    }
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
      Head head = head();
      return new Response(head.status(), new String(body(head), StandardCharsets.UTF_8));
    }

    Head head() throws IOException {
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
      if (!chunked && length < 0) {
        keepAlive = false; // delimited by the end of the connection
      }
      return new Head(code, length, chunked);
    }

    byte[] body(Head head) throws IOException {
      if (head.chunked()) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        chunks(body::write);
        return body.toByteArray();
      }
      if (head.length() >= 0) {
        byte[] body = in.readNBytes(Math.toIntExact(head.length()));
        if (body.length != head.length()) {
          throw new EOFException("the body ended after " + body.length + " of " + head.length() + " bytes");
        }
        return body;
      }
      return in.readAllBytes();
    }

    /** The body, chunked or not, cut into lines for {@code sink} as it is read. */
    void lines(Head head, LineSink sink) throws IOException {
      LineSplitter lines = new LineSplitter(sink);
      if (head.chunked()) {
        chunks(lines::feed);
      } else {
        byte[] body = body(head);
        lines.feed(body, 0, body.length);
      }
      lines.end();
    }

    /** A chunked body's bytes handed to {@code sink} piece by piece as they are read, its trailers skipped. */
    private void chunks(Pieces sink) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        for (int left = size; left > 0; ) {
          int read = in.read(buffer, 0, Math.min(left, buffer.length));
          if (read < 0) {
            throw new EOFException("a chunk ended " + left + " bytes short");
          }
          sink.piece(buffer, 0, read);
          left -= read;
        }
        if (!line().isEmpty()) {
          throw new IOException("no CRLF after a chunk");
        }
      }
      while (!line().isEmpty()) {
        // trailers: none expected, skipped
      }
    }

    private int chunkSize() throws IOException {
      String size = line();
      int extension = size.indexOf(';');
      return Integer.parseInt((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
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

  /** Cuts bytes fed in pieces into lines ({@code \n}, a {@code \r} before it dropped); a last line without one too. */
  private static final class LineSplitter {
    private final LineSink sink;
    private byte[] pending = new byte[4096];
    private int pendingLength;

    LineSplitter(LineSink sink) {
      this.sink = sink;
    }

    /** {@code bytes[from, from + length)}: a {@link Pieces} of the body. */
    void feed(byte[] bytes, int from, int length) throws IOException {
      int to = from + length;
      int start = from;
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\n') {
          if (pendingLength == 0) {
            emit(bytes, start, i);
          } else {
            append(bytes, start, i);
            emit(pending, 0, pendingLength);
            pendingLength = 0;
          }
          start = i + 1;
        }
      }
      append(bytes, start, to);
    }

    void end() throws IOException {
      if (pendingLength > 0) {
        emit(pending, 0, pendingLength);
        pendingLength = 0;
      }
    }

    private void emit(byte[] bytes, int from, int to) throws IOException {
      sink.line(bytes, from, to > from && bytes[to - 1] == '\r' ? to - 1 : to);
    }

    private void append(byte[] bytes, int from, int to) {
      int length = to - from;
      if (pendingLength + length > pending.length) {
        pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
      }
      System.arraycopy(bytes, from, pending, pendingLength, length);
      pendingLength += length;
    }
  }
}
