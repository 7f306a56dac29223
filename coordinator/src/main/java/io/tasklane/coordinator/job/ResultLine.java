package io.tasklane.coordinator.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Renders one task's result as the JSON line of the results API and {@code -o json}. */
final class ResultLine {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private ResultLine() {}

  static String render(
      String id,
      String type,
      Lane lane,
      TaskStatus status,
      String outputJson,
      String error,
      int attempts,
      String worker,
      String thread) {
    StringWriter text = new StringWriter(96);
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.setCodec(MAPPER);
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("type", type);
      json.writeStringField("lane", lane.wireName());
      json.writeStringField("status", status.wireName());
      json.writeFieldName("output");
      if (outputJson == null) {
        json.writeNull();
      } else {
        json.writeRawValue(outputJson);
      }
      json.writeStringField("error", error);
      json.writeNumberField("attempts", attempts);
      json.writeStringField("worker", worker);
      json.writeStringField("thread", thread);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.append('\n').toString();
  }
}
