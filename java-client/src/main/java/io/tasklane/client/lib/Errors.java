package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The typed exception for a coordinator's error answer (docs/api.md, Errors). */
final class Errors {

  private Errors() {
  }

  /** 502, 503 and 504 may pass: a coordinator failing over, a cluster with no worker yet. */
  static boolean isTransient(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  /**
   * The exception for {@code status} with error body {@code body}.
   *
   * @param fileName the job's name when the request carried a job (submit, append), else null
   * @param jobId the job the request was about, for "no such job"
   */
  static TasklaneException of(URI server, int status, String body, String fileName, String jobId) {
    JsonNode json = Json.parseOrMissing(body);
    String error = json.path("error").asText("");
    String said = error.isEmpty() ? "" : ": " + error;
    if (fileName != null && (status == 400 || status == 413)) {
      return new InvalidJobException(status == 413 ? "the job is over the coordinator's request size limit (413)"
          : error.isEmpty() ? "invalid job" : error, problems(fileName, json, status == 413 ? "too large" : error));
    }
    switch (status) {
      case 400:
      case 413:
        return new InvalidRequestException(error.isEmpty() ? (status == 413 ? "the request is too large (413)"
            : "bad request (400)") : error, status);
      case 401:
      case 403:
        return new UnauthorizedException("the coordinator at " + server + " refused the credentials (" + status + ")" + said,
            status, null);
      case 404:
        return new NotFoundException(!error.isEmpty() ? error : jobId != null ? "no job '" + jobId + "'" : "not found",
            status, null);
      case 409:
        return new ConflictException(error.isEmpty() ? "conflict (409)" : error, status, null);
      default:
        if (isTransient(status)) {
          return new UnreachableException("the coordinator at " + server + " answered " + status + said, status, null);
        }
        return new TasklaneException("the coordinator at " + server + " answered " + status + said, status, null);
    }
  }

  private static List<InvalidJobException.Problem> problems(String fileName, JsonNode json, String error) {
    List<InvalidJobException.Problem> problems = new ArrayList<>();
    for (JsonNode problem : json.path("problems")) {
      problems.add(new InvalidJobException.Problem(problem.path("file").asText(fileName),
          problem.path("line").asInt(0), problem.path("field").asText(""), problem.path("message").asText("")));
    }
    if (problems.isEmpty()) {
      problems.add(new InvalidJobException.Problem(fileName, 0, "", error.isEmpty() ? "invalid job" : error));
    }
    return problems;
  }
}
