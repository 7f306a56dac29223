package io.tasklane.client.lib;

import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} into {@link JobEvent}s: {@code event:} and
 * {@code data:} fields (several data lines joined with a newline), dispatched at each blank
 * line; comments ({@code :…}), {@code id:} and {@code retry:} are ignored. Not thread-safe: one
 * connection's lines, in order.
 */
final class SseDecoder {

  private final Consumer<JobEvent> events;
  private String name;
  private StringBuilder data;

  SseDecoder(Consumer<JobEvent> events) {
    this.events = events;
  }

  /** Feeds one line, without its line terminator. */
  void accept(String line) {
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
    if (field.equals("event")) {
      name = value;
    } else if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
  }

  /** The stream ended: an event still without its blank line is dispatched. */
  void finish() {
    dispatch();
  }

  private void dispatch() {
    if (data != null) {
      events.accept(new JobEvent(name == null || name.isEmpty() ? JobEvent.DEFAULT_NAME : name, data.toString()));
    }
    name = null;
    data = null;
  }
}
