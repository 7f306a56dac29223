package io.tasklane.client.lib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One connection's worth of a job's event stream, read as the caller asks: its lines turned
 * into {@link JobEvent}s by a {@link SseDecoder}. Ends when the server closes the stream; a broken
 * connection is an {@link UnreachableException}. Opens nothing again: a caller that wants to
 * go on opens a new one (the first event is then the job's status now).
 */
final class EventReader implements Iterator<JobEvent>, AutoCloseable {

  private final InputStream body;
  private final BufferedReader reader;
  private final String described;
  private final SseDecoder decoder = new SseDecoder(event -> next = event);
  private JobEvent next;
  private boolean done;

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
        decoder.finish();
      } else {
        decoder.accept(line);
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
}
