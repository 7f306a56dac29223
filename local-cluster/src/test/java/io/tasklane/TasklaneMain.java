package io.tasklane;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the real node main, for {@code LocalUpTest} only (the client must not
 * depend on the nodes): the "coordinator" serves {@code /api/cluster} listing the workers
 * that said hello on its cluster port; a "worker" listens on a port of its own and says
 * hello. Both run until killed.
 */
public final class TasklaneMain {

  private TasklaneMain() {
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    if (options.get(0).equals("coordinator")) {
      Path takenOnce = Path.of(value(options, "--token-file")).resolveSibling("port-taken-once");
      if (Files.deleteIfExists(takenOnce)) {
        // as a real node whose port something else took between local up's pick and its bind
        System.out.println("Cannot serve the HTTP API: java.net.BindException: Address already in use");
        System.exit(1);
      }
      coordinator(Integer.parseInt(value(options, "--port")), Integer.parseInt(value(options, "--http-port")),
          Files.readString(Path.of(value(options, "--token-file"))).trim());
    } else {
      // the first seed is the coordinator
      worker(Integer.parseInt(value(options, "--port")),
          Integer.parseInt(value(options, "--seeds").split(",")[0].split(":")[1]));
    }
    new CountDownLatch(1).await();
  }

  private static String value(List<String> options, String name) {
    return options.get(options.indexOf(name) + 1);
  }

  private static void coordinator(int port, int httpPort, String token) throws Exception {
    List<Integer> workers = new CopyOnWriteArrayList<>();
    ServerSocket cluster = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
    Thread.ofPlatform().daemon().start(() -> {
      while (true) {
        try (Socket hello = cluster.accept()) {
          var in = new BufferedReader(new InputStreamReader(hello.getInputStream(), StandardCharsets.UTF_8));
          workers.add(Integer.parseInt(in.readLine().trim()));
        } catch (Exception e) {
          return;
        }
      }
    });
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
    http.createContext("/api/cluster", exchange -> {
      boolean allowed = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
      StringBuilder nodes = new StringBuilder("{\"address\":\"127.0.0.1:" + port
          + "\",\"roles\":[\"coordinator\"],\"status\":\"up\"}");
      StringBuilder lanes = new StringBuilder();
      for (int worker : workers) {
        String address = "127.0.0.1:" + worker;
        nodes.append(",{\"address\":\"").append(address).append("\",\"roles\":[\"worker\"],\"status\":\"up\"}");
        for (String lane : List.of("io", "cpu")) {
          lanes.append(lanes.isEmpty() ? "" : ",").append("{\"worker\":\"").append(address)
              .append("\",\"lane\":\"").append(lane).append("\",\"capacity\":4,\"credit\":0,\"busy\":0}");
        }
      }
      byte[] body = (allowed ? "{\"nodes\":[" + nodes + "],\"lanes\":[" + lanes + "]}" : "{\"error\":\"token\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    System.out.println("fake coordinator up on " + port + ", http " + httpPort);
  }

  private static void worker(int port, int seedPort) throws Exception {
    ServerSocket own = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
    for (int attempt = 0; ; attempt++) {
      try (Socket hello = new Socket("127.0.0.1", seedPort);
          PrintWriter out = new PrintWriter(hello.getOutputStream(), true, StandardCharsets.UTF_8)) {
        out.println(own.getLocalPort());
        break;
      } catch (java.net.ConnectException notYet) {
        if (attempt == 300) {
          throw notYet;
        }
        Thread.sleep(100); // like a real node retrying its seed
      }
    }
    System.out.println("fake worker up on " + own.getLocalPort());
  }
}
