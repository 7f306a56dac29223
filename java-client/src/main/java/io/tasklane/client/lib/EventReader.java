package io.tasklane.client.lib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One connection's worth of a job's event stream, read as the caller asks: the lines of a
 * {@code text/event-stream} turned into {@link JobEvent}s ({@code event:} and {@code data:}
 * fields, several data lines joined with a newline, dispatched at each blank line; comments,
 * {@code id:} and {@code retry:} ignored). Ends when the server closes the stream; a broken
 * connection is an {@link UnreachableException}. Opens nothing again: a caller that wants to
 * go on opens a new one (the first event is then the job's status now).
 */
final class EventReader implements Iterator<JobEvent>, AutoCloseable {

  private final InputStream body;
  private final BufferedReader reader;
  private final String described;
  private JobEvent next;
  private boolean done;
  private String name;
  private StringBuilder data;

  EventReader(InputStream body, String described) {
    this.body = body;
    this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    this.described = described;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      String line = readLine();
      if (line == null) {
        done = true;
        dispatch(); // a last event without its blank line
      } else {
        accept(line);
      }
    }
    return next != null;
  }

  @Override
  public JobEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the event stream has ended");
    }
    JobEvent event = next;
    next = null;
    return event;
  }

  @Override
  public void close() {
    done = true;
    try {
      body.close();
    } catch (IOException ignored) {
      // closing a connection we no longer read from: nothing to tell
    }
  }

  private String readLine() {
    try {
      return reader.readLine();
    } catch (IOException lost) {
      close();
      throw new UnreachableException("lost the " + described + ": " + Transport.reason(lost), 0, lost);
    }
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

  private void dispatch() {
    if (data != null) {
      next = new JobEvent(name == null || name.isEmpty() ? JobEvent.DEFAULT_NAME : name, data.toString());
    }
    name = null;
    data = null;
  }
}
