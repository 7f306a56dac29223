package io.tasklane.client.lib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A job's result lines ({@code GET …/results}, by a {@link ResultQuery}), one at a time,
 * read from the connection only as the caller asks: nothing is held but the line in hand, so a
 * million results pass through a small heap. When the connection drops (a coordinator restart,
 * a proxy's timeout) it opens the stream again with {@code after=N}, N the lines read so far: no
 * result is missed or repeated. A follow's connection silent for longer than {@code idleTimeout}
 * (the coordinator sends a blank line every 15 s) is taken as lost. It gives up once no line has
 * come for {@code patience}. Ends when the job has ended and every result was read.
 * A query that is not {@code following} (the results so far) or that asks for failed tasks only
 * cannot be resumed (the coordinator counts {@code after} over every ended task): a connection
 * lost after its first line is an {@link UnreachableException}.
 */
final class ResultFollower implements Iterator<String>, AutoCloseable {

  private final Transport transport;
  private final String jobId;
  private final ResultQuery query;
  private final Duration patience;
  private final Duration idleTimeout;

  private long read;
  private String next;
  private boolean done;
  private volatile boolean closed;
  private volatile InputStream body;
  private volatile long lastByteNanos;
  private BufferedReader reader;

  ResultFollower(Transport transport, String jobId, ResultQuery query, Duration patience, Duration idleTimeout) {
    this.transport = transport;
    this.jobId = jobId;
    this.query = query;
    this.patience = patience;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = fetch();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException("job " + jobId + " has no more results");
    }
    String line = next;
    next = null;
    return line;
  }

  /** How many result lines were read. */
  long read() {
    return read;
  }

  /** Stops following and releases the connection; a thread blocked reading returns at once. */
  @Override
  public void close() {
    closed = true;
    InputStream open = body;
    if (open != null) {
      closeQuietly(open);
    }
  }

  private String fetch() {
    long lastProgress = System.nanoTime();
    int failures = 0;
    while (!closed) {
      try {
        if (reader == null) {
          open();
        }
        String line = reader.readLine();
        if (closed) {
          break;
        }
        lastByteNanos = System.nanoTime();
        if (line == null) {
          closeBody();
          if (allRead()) {
            return null;
          }
          throw new IOException("the result stream ended before the job did");
        }
        if (!line.isBlank()) {
          read++;
          return line;
        }
      } catch (IOException | UnreachableException lost) {
        closeBody();
        if (closed) {
          break;
        }
        if (!query.following() || (read > 0 && !resumable())) {
          if (read == 0 && lost instanceof UnreachableException) {
            throw (UnreachableException) lost; // the transport's retries could not open it
          }
          throw new UnreachableException("lost the results of job " + jobId + " from " + transport.server()
              + " after " + read + " lines: " + Transport.reason(lost), 0, lost);
        }
        if (System.nanoTime() - lastProgress > patience.toNanos()) {
          throw new UnreachableException("lost the results of job " + jobId + " from " + transport.server()
              + " and could not resume them for " + patience.toSeconds() + " s: " + Transport.reason(lost), 0, lost);
        }
        Transport.pause(transport.retry().backoff(++failures));
      }
    }
    closeBody();
    return null;
  }

  /** Whether the stream can be opened again after {@code read} lines: {@code after} counts every ended task. */
  private boolean resumable() {
    return query.following() && !query.failedOnly();
  }

  private void open() {
    long left = query.limit() == 0 ? 0 : query.limit() - read;
    String path = Transport.jobPath(jobId) + "/results" + Transport.query(
        "failed", query.failedOnly() ? "true" : null,
        "limit", left > 0 ? Long.toString(left) : null,
        "follow", query.following() ? "true" : null,
        "after", read > 0 ? Long.toString(read) : null);
    InputStream stream = transport.stream(path, "application/x-ndjson", jobId);
    body = stream;
    lastByteNanos = System.nanoTime();
    reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    if (query.following()) {
      watch(stream); // the results so far come at once; a pause there is the caller's, not a dead connection
    }
    if (closed) {
      closeQuietly(stream);
    }
  }

  /** Closes {@code stream} if no line comes for idleTimeout: a reader blocked on a dead connection then fails. */
  private void watch(InputStream stream) {
    long checkEvery = Math.max(1, idleTimeout.toMillis() / 4);
    CompletableFuture.delayedExecutor(checkEvery, TimeUnit.MILLISECONDS).execute(() -> {
      if (body != stream) {
        return;
      }
      if (System.nanoTime() - lastByteNanos > idleTimeout.toNanos()) {
        closeQuietly(stream);
      } else {
        watch(stream);
      }
    });
  }

  /**
   * Whether a stream that ended cleanly has given every line asked for: the results so far, the
   * limit reached, or the job ended with each of its results read (a proxy may end a stream
   * early too).
   */
  private boolean allRead() {
    if (!query.following() || (query.limit() > 0 && read >= query.limit())) {
      return true;
    }
    JobStatus status = JobStatus.of(transport.call("GET", Transport.jobPath(jobId), jobId).body());
    return status.isEnded() && (query.failedOnly() || read >= status.total());
  }

  /** On the reading thread only: forgets the connection, closing it. */
  private void closeBody() {
    InputStream open = body;
    body = null;
    reader = null;
    if (open != null) {
      closeQuietly(open);
    }
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // closing a connection we no longer read from: nothing to tell
    }
  }
}
