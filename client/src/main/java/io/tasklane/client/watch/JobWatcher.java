package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.lib.JobEvent;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.lib.TasklaneException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Follows a job's push stream ({@code GET /api/jobs/{id}/events}) until its {@code end}
 * event, handing each status to a {@link ProgressView}. A stream that breaks (or closes before
 * {@code end}) is opened again, up to {@link #RECONNECTS} times in a row without progress;
 * then exit 3. No polling: every status comes from the server's push. One connection is the
 * client library's {@code JobHandle.events()}; the reconnecting, and what it prints, is here.
 */
public final class JobWatcher {

  /** Reconnects in a row, without any new status in between, before giving up. */
  public static final int RECONNECTS = 3;
  /** The pause before the first reconnect; doubled for each further one. */
  public static final Duration FIRST_PAUSE = Duration.ofMillis(250);

  static final String STATUS = JobEvent.STATUS;
  static final String END = JobEvent.END;

  private final TasklaneClient tasklane;
  private final PrintWriter err;

  public JobWatcher(TasklaneClient tasklane, PrintWriter err) {
    this.tasklane = tasklane;
    this.err = err;
  }

  /** Follows the job until it ended; returns its final status. */
  JsonNode follow(String jobId, ProgressView view) throws ApiException {
    Attempt attempt = new Attempt(view);
    int failuresInARow = 0;
    long pauseMs = FIRST_PAUSE.toMillis();
    while (true) {
      String problem;
      attempt.progressed = false;
      try {
        try (Stream<JobEvent> events = tasklane.attach(jobId).events()) {
          for (Iterator<JobEvent> it = events.iterator(); attempt.end == null && it.hasNext(); ) {
            attempt.onEvent(it.next());
          }
        }
        if (attempt.end != null) {
          return attempt.end;
        }
        problem = "the event stream closed before the job ended";
      } catch (TasklaneException failed) {
        if (attempt.end != null) {
          return attempt.end;
        }
        if (!ApiException.worthRetrying(failed)) {
          throw ApiException.of(failed);
        }
        problem = failed.getMessage();
      }
      if (attempt.progressed) {
        failuresInARow = 0;
        pauseMs = FIRST_PAUSE.toMillis();
      }
      if (++failuresInARow > RECONNECTS) {
        throw new ApiException(Exit.UNREACHABLE, "gave up watching job " + jobId + " after "
            + RECONNECTS + " reconnects: " + problem);
      }
      err.println("watch: " + problem + "; reconnecting (" + failuresInARow + " of " + RECONNECTS + ")");
      err.flush();
      pause(pauseMs);
      pauseMs *= 2;
    }
  }

  private static void pause(long millis) throws ApiException {
    try {
      Thread.sleep(millis); // the client's own thread, between two connections: no actor here
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ApiException(Exit.UNREACHABLE, "interrupted while reconnecting");
    }
  }

  /** What the streams delivered so far; the last status tells whether a reconnect made progress. */
  private static final class Attempt {
    private final ProgressView view;
    private String lastStatus;
    private JsonNode end;
    private boolean progressed;

    Attempt(ProgressView view) {
      this.view = view;
    }

    void onEvent(JobEvent event) {
      if (end != null) {
        return;
      }
      JsonNode status = event.json();
      if (!status.isObject()) {
        return;
      }
      if (END.equals(event.name())) {
        end = status;
        progressed = true;
        view.onEnd(status);
      } else if (STATUS.equals(event.name()) || JobEvent.DEFAULT_NAME.equals(event.name())) {
        if (!event.data().equals(lastStatus)) {
          progressed = true;
          lastStatus = event.data();
        }
        view.onStatus(status);
      }
    }
  }
}
