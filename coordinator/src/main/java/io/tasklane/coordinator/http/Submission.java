package io.tasklane.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A posted job: the job file's text under its name, and the files its {@code foreach} entries
 * read. Arrives either raw ({@code application/json}, {@code application/yaml}; the name from
 * {@code X-Tasklane-File}) or as the client's envelope
 * ({@code application/vnd.tasklane.submission+json}: {@code {file, text, attachments}}).
 */
record Submission(String file, String text, Map<String, String> attachments) {

  static final String ENVELOPE_MEDIA_TYPE = "application/vnd.tasklane.submission+json";

  /** Reads the envelope; throws IllegalArgumentException naming what is wrong. */
  static Submission fromEnvelope(String body) {
    JsonNode envelope;
    try {
      envelope = Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new IllegalArgumentException("the submission is not valid JSON" + at + ": "
          + io.tasklane.protocol.job.JobFileParser.plainMessage(e));
    } catch (IOException e) {
      throw new IllegalArgumentException("the submission cannot be read: " + e.getMessage());
    }
    if (envelope == null || !envelope.isObject()) {
      throw new IllegalArgumentException("the submission must be a JSON object {file, text, attachments}");
    }
    JsonNode text = envelope.get("text");
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException("the submission needs 'text': the job file's content as a string");
    }
    String file = envelope.path("file").isTextual() ? envelope.get("file").asText() : "request";
    Map<String, String> attachments = new HashMap<>();
    JsonNode files = envelope.path("attachments");
    if (!files.isMissingNode() && !files.isNull()) {
      if (!files.isObject()) {
        throw new IllegalArgumentException("'attachments' must be an object of file name to content");
      }
      for (Map.Entry<String, JsonNode> entry : files.properties()) {
        if (!entry.getValue().isTextual()) {
          throw new IllegalArgumentException("attachment '" + entry.getKey() + "' must be a string");
        }
        attachments.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return new Submission(file, text.asText(), attachments);
  }
}
