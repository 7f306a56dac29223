package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An unexpected failure: a generic answer with an id, the exception only in the log under it. */
class InternalErrorsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(InternalErrors.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void theAnswerShowsAnIdNotTheExceptionWhichIsLoggedUnderIt() throws Exception {
    // was: "internal error: java.lang.IllegalStateException: journal row 7 at io.tasklane…"
    HttpResponse answer = InternalErrors.answer(
        new CompletionException(new IllegalStateException("journal row 7 in /var/lib/tasklane")));
    assertThat(answer.status().intValue()).isEqualTo(500);
    String error = Json.MAPPER.readTree(body(answer)).get("error").asText();
    assertThat(error).matches("internal error [0-9a-f]{16} \\(the coordinator's log has the details under this id; "
        + "please report it\\)").doesNotContain("IllegalState", "journal", "java.");
    String id = error.split(" ")[2];
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getFormattedMessage()).contains(id);
      assertThat(event.getThrowableProxy().getCause().getClassName()).isEqualTo("java.lang.IllegalStateException");
    });
  }

  @Test
  void anAskThatTimedOutIsA503EvenWrappedInAFailedFuture() throws Exception {
    HttpResponse answer = InternalErrors.answer(new CompletionException(new AskTimeoutException("Ask timed out on [Actor[pekko://x]]")));
    assertThat(answer.status().intValue()).isEqualTo(503);
    assertThat(body(answer)).isEqualTo("{\"error\":\"the coordinator did not answer in time; retry\"}");
    assertThat(logged.list).isEmpty();
  }

  private static String body(HttpResponse answer) {
    return ((HttpEntity.Strict) answer.entity()).getData().utf8String();
  }
}
