package io.tasklane.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import io.tasklane.protocol.job.JobSpecException;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** The API's JSON bodies. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse error(StatusCode status, String message) {
    return response(status, MAPPER.createObjectNode().put("error", message));
  }

  static HttpResponse invalid(List<JobSpecException.Problem> problems) {
    ObjectNode body = MAPPER.createObjectNode().put("error", "invalid job spec");
    ArrayNode list = body.putArray("problems");
    for (JobSpecException.Problem problem : problems) {
      list.addObject()
          .put("file", problem.file())
          .put("line", problem.line())
          .put("field", problem.field())
          .put("message", problem.message());
    }
    return response(org.apache.pekko.http.javadsl.model.StatusCodes.BAD_REQUEST, body);
  }

  static ObjectNode status(JobStatus status) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", status.id());
    json.put("name", status.name());
    json.put("state", status.state().name());
    json.put("submittedAt", status.submittedAt());
    if (status.endedAt() == null) {
      json.putNull("endedAt");
    } else {
      json.put("endedAt", status.endedAt());
    }
    json.put("total", status.total());
    if (status.open()) {
      json.put("open", true);
    }
    json.put("coordinator", status.coordinator());
    ObjectNode lanes = json.putObject("lanes");
    for (Lane lane : Lane.values()) {
      LaneCounts counts = status.lanes().get(lane);
      if (counts == null) {
        continue;
      }
      lanes.putObject(lane.wireName())
          .put("total", counts.total())
          .put("queued", counts.queued())
          .put("running", counts.running())
          .put("succeeded", counts.succeeded())
          .put("failed", counts.failed())
          .put("timed_out", counts.timedOut())
          .put("cancelled", counts.cancelled());
    }
    return json;
  }
}
