package io.tasklane.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request over a plain socket, its body with a Content-Length or in chunks without
 * one, written on another thread while the answer is read: a server may answer (413) before the
 * body is all sent, and a client that only reads once it wrote everything would never see it.
 */
record RawHttp(int status, String body) {

  static RawHttp post(String host, int port, String path, String headers, byte[] body, boolean chunked)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket.setSoTimeout(30_000);
      String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" + headers
          + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
        try {
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          for (int at = 0; at < body.length; at += 8192) {
            int length = Math.min(8192, body.length - at);
            if (chunked) {
              out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(body, at, length);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
          if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
        } catch (IOException closedByTheServer) {
          // the answer came early and the server closed: the reader sees it
        }
      });
      RawHttp answer = read(socket.getInputStream());
      written.cancel(true);
      return answer;
    }
  }

  /** The status and body of one response (its Content-Length, or up to the end of the stream). */
  private static RawHttp read(InputStream in) throws IOException {
    String head = line(in);
    int status = Integer.parseInt(head.split(" ")[1]);
    int length = -1;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
    return new RawHttp(status, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed before a full answer: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
