package io.tasklane.client.api;

/** One Server-Sent Event: its {@code event:} name ("message" when none) and its data. */
public record SseEvent(String name, String data) {

  /** The name the SSE specification gives an event without an {@code event:} line. */
  public static final String DEFAULT_NAME = "message";
}
