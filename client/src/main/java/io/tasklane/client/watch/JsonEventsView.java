package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.client.api.Json;
import java.io.PrintWriter;

/** {@code -o json}: each event's status object as received, with an {@code "event"} field first, one per line. */
final class JsonEventsView implements ProgressView {

  private final PrintWriter out;

  JsonEventsView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onStatus(JsonNode status) {
    print("status", status);
  }

  @Override
  public void onEnd(JsonNode status) {
    print("end", status);
  }

  private void print(String event, JsonNode status) {
    ObjectNode line = Json.MAPPER.createObjectNode().put("event", event);
    if (status.isObject()) {
      status.properties().forEach(field -> {
        if (!field.getKey().equals("event")) {
          line.set(field.getKey(), field.getValue());
        }
      });
    }
    out.println(line);
    out.flush();
  }
}
