package io.tasklane.client.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The client's one ObjectMapper and a lenient parse for response bodies. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  /** The body as JSON, or a missing node when it is empty or not JSON. */
  public static JsonNode parseOrMissing(String body) {
    if (body == null || body.isBlank()) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      return MAPPER.missingNode();
    }
  }
}
