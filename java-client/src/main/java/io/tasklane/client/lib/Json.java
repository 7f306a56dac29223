package io.tasklane.client.lib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The library's own mapper (the wire), kept apart from the one a caller maps outputs with. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {
  }

  /** The body as JSON, or a missing node when it is empty or not JSON (an error page, say). */
  static JsonNode parseOrMissing(String body) {
    if (body == null || body.isBlank()) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      return MAPPER.missingNode();
    }
  }

  /** A line the coordinator sent, which must be JSON. */
  static JsonNode parse(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException broken) {
      throw new TasklaneException("the coordinator sent a line that is not JSON: " + broken.getOriginalMessage(),
          0, broken);
    }
  }
}
