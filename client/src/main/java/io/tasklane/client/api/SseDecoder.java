package io.tasklane.client.api;

import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} into {@link SseEvent}s: {@code event:} and
 * {@code data:} fields (several data lines joined with a newline), dispatched at each blank
 * line; comments ({@code :…}), {@code id:} and {@code retry:} are ignored.
 */
public final class SseDecoder {

  private final Consumer<SseEvent> events;
  private String name;
  private StringBuilder data;

  public SseDecoder(Consumer<SseEvent> events) {
    this.events = events;
  }

  /** Feeds one line, without its line terminator. */
  public void accept(String line) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> name = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      default -> { }
    }
  }

  private void dispatch() {
    if (data != null) {
      events.accept(new SseEvent(name == null || name.isEmpty() ? SseEvent.DEFAULT_NAME : name, data.toString()));
    }
    name = null;
    data = null;
  }
}
