package io.tasklane.coordinator.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The warm-up's requests: tasks appended one request at a time with {@code wait=true} to an open
 * job, as a service sends them, over this node's own HTTP API (a loopback connection to the
 * address it serves, over HTTPS where it serves HTTPS). They run the whole path of such a request
 * on this node: the HTTP server's parsing and rendering, the token check, the append's intake and
 * its job entity's journal write, single tasks dispatched to the lanes and their results
 * journaled, and the answer to a waiting request. A few thousand of them let the JIT compile that
 * path, which a no-op job of 20,000 tasks does not take (one request, results in batches). The
 * warm-up's jobs have their results followed over the same connection ({@link #followResults}):
 * the HTTP server's chunked rendering of a result stream.
 */
final class WarmUpRequests {

  private final ActorSystem<?> system;
  private final String token;
  private final CompletionStage<InetSocketAddress> bound;
  private final Optional<SSLContext> https;
  /** The client context for connections to this node, made once for all the warm-up's requests. */
  private final HttpsConnectionContext tls;
  private final LoggingAdapter log;

  /**
   * @param bound the address the API is served on, once it is
   * @param https the TLS material it is served with, if any (the cluster's CA trusts its certificate)
   */
  WarmUpRequests(ActorSystem<?> system, String token, CompletionStage<InetSocketAddress> bound, Optional<SSLContext> https) {
    this.system = system;
    this.token = token;
    this.bound = bound;
    this.https = https;
    this.tls = https.map(WarmUpRequests::toSelf).orElseGet(() -> Http.get(system).defaultClientHttpsContext());
    this.log = Logging.getLogger(Adapter.toClassic(system), WarmUpRequests.class);
  }

  /**
   * Sends {@code requests} appends to the open jobs {@code jobIds}, {@code inFlight} at a time,
   * the jobs and the bodies taken in turn (each job journals its appends one after another, so
   * one job per request in flight); completes with how many were sent once every answer is read,
   * or fails with the first answer that was not 200 (or the first failure to connect).
   *
   * @param deadlineNanos no request is sent past this {@link System#nanoTime()}
   */
  CompletionStage<Integer> appendEach(List<String> jobIds, int requests, int inFlight, List<String> bodies,
      long deadlineNanos) {
    return bound.thenCompose(address -> {
      String base = base(address);
      List<String> uris = jobIds.stream().map(id -> base + "/api/jobs/" + id + "/tasks?wait=true").toList();
      ConnectionPoolSettings pool = ConnectionPoolSettings.create(system.settings().config())
          .withMaxConnections(inFlight)
          .withMaxOpenRequests(Integer.highestOneBit(inFlight) << 1);
      AtomicInteger sent = new AtomicInteger();
      AtomicReference<String> refused = new AtomicReference<>();
      return Source.range(0, requests - 1)
          .takeWhile(i -> System.nanoTime() < deadlineNanos && refused.get() == null)
          .mapAsyncUnordered(inFlight, i -> {
            HttpRequest request = HttpRequest.POST(uris.get(i % uris.size()))
                .addHeader(Authorization.oauth2(token))
                .withEntity(ContentTypes.APPLICATION_JSON, bodies.get(i % bodies.size()));
            sent.incrementAndGet();
            return send(request, pool)
                .thenCompose(response -> response.entity().toStrict(Duration.ofSeconds(30).toMillis(), system)
                    .thenApply(entity -> {
                      if (response.status().intValue() != 200) {
                        refused.compareAndSet(null, "HTTP " + response.status().intValue() + ": " + entity.getData().utf8String());
                      }
                      return i;
                    }));
          })
          .runWith(Sink.ignore(), system)
          .thenApply(done -> {
            if (refused.get() != null) {
              throw new IllegalStateException("a warm-up request was refused: " + refused.get());
            }
            return sent.get();
          });
    });
  }

  /**
   * Reads a job's results as a client follows them, {@code GET /api/jobs/{id}/results?follow=true}
   * over this node's own API; completes with the bytes read once the stream ends (with the job).
   */
  CompletionStage<Long> followResults(String jobId, Duration maxTime) {
    return bound.thenCompose(address -> {
      HttpRequest request = HttpRequest.GET(base(address) + "/api/jobs/" + jobId + "/results?follow=true")
          .addHeader(Authorization.oauth2(token));
      return send(request, ConnectionPoolSettings.create(system.settings().config()))
          .thenCompose(response -> {
            if (response.status().intValue() != 200) {
              return response.entity().toStrict(maxTime.toMillis(), system).thenApply(entity -> {
                throw new IllegalStateException("the warm-up's results were refused: HTTP " + response.status().intValue()
                    + ": " + entity.getData().utf8String());
              });
            }
            return response.entity().getDataBytes()
                .completionTimeout(maxTime)
                .runWith(Sink.fold(0L, (count, bytes) -> count + bytes.length()), system);
          });
    });
  }

  /** This node's API as a client reaches it: scheme, host and port. */
  private String base(InetSocketAddress address) {
    return (https.isPresent() ? "https" : "http") + "://" + connectHost(address) + ":" + address.getPort();
  }

  private CompletionStage<HttpResponse> send(HttpRequest request, ConnectionPoolSettings pool) {
    return Http.get(system).singleRequest(request, tls, pool, log);
  }

  /** The node itself: loopback when it serves every address. */
  private static String connectHost(InetSocketAddress address) {
    InetAddress host = address.getAddress();
    if (host == null || host.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String text = host.getHostAddress();
    return text.contains(":") ? "[" + text + "]" : text;
  }

  /**
   * A client context for a connection to this node: it trusts what the node trusts (its cluster
   * CA, which signed the node's certificate); the name checked would be the address connected to,
   * which a certificate for the node's host names need not carry, so none is checked.
   */
  private static HttpsConnectionContext toSelf(SSLContext context) {
    return ConnectionContext.httpsClient((host, port) -> {
      SSLEngine engine = context.createSSLEngine(host, port);
      engine.setUseClientMode(true);
      return engine;
    });
  }
}
