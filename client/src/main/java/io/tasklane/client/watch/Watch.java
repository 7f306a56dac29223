package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.Terminal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code watch} and {@code submit --watch}: live progress until the job ended, then the
 * summary; the exit code says whether it succeeded.
 */
public final class Watch {

  /** How the progress is shown. */
  public enum Mode {
    /** Bars redrawn in place: stdout is a console and the output is a table. */
    BARS,
    /** One line per event, at most one a second: no console. */
    LINES,
    /** One JSON object per event ({@code -o json}). */
    JSON,
    /** Nothing: only the exit code ({@code submit -q --watch}). */
    QUIET;

    /** The mode for this output format on this terminal. */
    public static Mode of(OutputFormat format) {
      if (format == OutputFormat.JSON) {
        return JSON;
      }
      return Terminal.isConsole() ? BARS : LINES;
    }
  }

  private Watch() {
  }

  /** Follows job {@code jobId}; exit 0 when it succeeded, 1 when it ended otherwise. */
  public static int run(TasklaneClient tasklane, String jobId, Mode mode, boolean colors, PrintWriter out,
      PrintWriter err) throws ApiException {
    JsonNode end = new JobWatcher(tasklane, err).follow(jobId, view(mode, colors, out));
    return "succeeded".equals(end.path("state").asText()) ? Exit.OK : Exit.TASKS_NOT_SUCCEEDED;
  }

  private static ProgressView view(Mode mode, boolean colors, PrintWriter out) {
    return switch (mode) {
      case BARS -> new ConsoleBarsView(out, Terminal.width(), colors,
          StandardCharsets.UTF_8.equals(System.out.charset()));
      case LINES -> new PlainLinesView(out, System::nanoTime);
      case JSON -> new JsonEventsView(out);
      case QUIET -> new ProgressView() {
        @Override
        public void onStatus(JsonNode status) {
        }

        @Override
        public void onEnd(JsonNode status) {
        }
      };
    };
  }
}
