package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * A bound on request bodies: one over it is answered 413 with a JSON error naming the limit and
 * its setting, whether it announced its length (Content-Length) or came in chunks without one.
 *
 * <p>The limit is put on the request's entity ({@code withSizeLimit}); reading past it fails with
 * Pekko's {@link EntityStreamSizeException} (for a Content-Length over it, before a byte is read).
 * The {@code entity(…)} directive turns that failure into a {@link MalformedRequestContentRejection}
 * with it as the cause, a route that reads the entity itself into a failed future: both are
 * recognised here by that type.
 */
final class BodyLimit {

  private BodyLimit() {}

  /** {@code inner} with bodies of at most {@code maxBytes}, larger ones answered 413 naming {@code setting}. */
  static Route limited(long maxBytes, String setting, Supplier<Route> inner) {
    return handleExceptions(exceptions(setting), () -> handleRejections(rejections(setting),
        () -> withSizeLimit(maxBytes, inner)));
  }

  /** The size failure within {@code failure} (through completion wrappers and causes), if it is one. */
  static Optional<EntityStreamSizeException> tooLarge(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof EntityStreamSizeException size) {
        return Optional.of(size);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  /** 413: the body is over {@code limit} bytes, set by {@code setting}. */
  static HttpResponse tooLarge(long limit, String setting) {
    return Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is over the limit of " + limit
        + " bytes (" + setting + ")");
  }

  /**
   * Malformed content for being too large is a 413; other malformed content a 400 with Pekko's
   * reason, as JSON. (Every other rejection passes on to the API's handler.)
   */
  private static RejectionHandler rejections(String setting) {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, malformed -> complete(tooLarge(malformed.getCause())
            .map(size -> tooLarge(size.limit(), setting))
            .orElseGet(() -> Json.error(StatusCodes.BAD_REQUEST,
                "the request content was malformed: " + malformed.message()))))
        .build();
  }

  /** A route that read the body itself and failed on the limit; anything else goes on to the API's handler. */
  private static ExceptionHandler exceptions(String setting) {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, size -> complete(tooLarge(size.limit(), setting)))
        .match(CompletionException.class, wrapped -> tooLarge(wrapped).isPresent(),
            wrapped -> complete(tooLarge(tooLarge(wrapped).get().limit(), setting)))
        .build();
  }
}
