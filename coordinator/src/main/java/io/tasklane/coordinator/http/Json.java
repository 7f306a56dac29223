package io.tasklane.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.job.JobSpecException;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** The API's JSON bodies: records written by Jackson, in their components' order. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** {@code {"error": …}}: every refusal. */
  record ErrorBody(String error) {}

  /** {@code {"error": "invalid job spec", "problems": […]}}: a job file refused, naming file, line and field. */
  record InvalidBody(String error, List<Problem> problems) {}

  record Problem(String file, int line, String field, String message) {}

  private Json() {}

  static HttpResponse response(StatusCode status, Object body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse error(StatusCode status, String message) {
    return response(status, new ErrorBody(message));
  }

  static HttpResponse noSuchJob(String id) {
    return error(StatusCodes.NOT_FOUND, "no job '" + id + "'");
  }

  static HttpResponse invalid(List<JobSpecException.Problem> problems) {
    return response(StatusCodes.BAD_REQUEST, new InvalidBody("invalid job spec", problems.stream()
        .map(p -> new Problem(p.file(), p.line(), p.field(), p.message()))
        .toList()));
  }
}
