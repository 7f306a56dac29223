package io.tasklane.coordinator.http;

import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a failure no route expected. A client sees a generic message and an id, never the
 * exception (its class, message or stack would tell the coordinator's insides to anyone); the log
 * has the id with the stack trace, so a reported id finds it.
 */
final class InternalErrors {

  private static final Logger log = LoggerFactory.getLogger(InternalErrors.class);

  private InternalErrors() {}

  /** 503 for an ask that timed out (also wrapped, as a failed future brings it), else 500 with a logged id. */
  static HttpResponse answer(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "the coordinator did not answer in time; retry");
    }
    String id = newId();
    log.error("Internal error {} answering an HTTP request", id, failure);
    return Json.error(StatusCodes.INTERNAL_SERVER_ERROR,
        "internal error " + id + " (the coordinator's log has the details under this id; please report it)");
  }

  static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
