package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.spi.TaskFailedPermanently;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class HttpCallsTest {

  private static final URI URL = URI.create("http://example.test/data");

  private static String described(Throwable failure) {
    return HttpCalls.describe(new CompletionException(failure), URL).getMessage();
  }

  @Test
  void namesTheHostAndPortOfAConnectionThatFailed() {
    assertThat(described(new ConnectException())).isEqualTo("connection refused: example.test:80 (http://example.test/data)");
    ConnectException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());
    assertThat(described(unresolved)).startsWith("unknown host: example.test:80");
    assertThat(described(new HttpConnectTimeoutException("HTTP connect timed out"))).startsWith("connect timed out: example.test:80");
    assertThat(described(new HttpTimeoutException("request timed out"))).startsWith("request timed out: example.test:80");
    assertThat(described(new IOException("EOF reached while reading")))
        .startsWith("IOException: EOF reached while reading from example.test:80");
    assertThat(HttpCalls.describe(new ConnectException(), URI.create("https://h:8443/")).getMessage())
        .startsWith("connection refused: h:8443");
  }

  @Test
  void leavesFailuresThatSayEnoughAsTheyAre() {
    TaskFailedPermanently status = new TaskFailedPermanently("HTTP 404 from x");
    assertThat(HttpCalls.describe(status, URL)).isSameAs(status);
  }

  @Test
  void failsAClientErrorForGoodAndAServerErrorForARetry() {
    assertThat(HttpCalls.statusFailure(200, URL)).isNull();
    assertThat(HttpCalls.statusFailure(304, URL)).isNull();
    assertThat(HttpCalls.statusFailure(404, URL)).isInstanceOf(TaskFailedPermanently.class)
        .hasMessageStartingWith("HTTP 404 from http://example.test/data");
    assertThat(HttpCalls.statusFailure(503, URL)).isNotInstanceOf(TaskFailedPermanently.class)
        .hasMessage("HTTP 503 from http://example.test/data");
  }
}
