package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;

/** Shows a job's status events as they arrive: bars on a console, lines, or JSON. */
interface ProgressView {

  /** A {@code status} event: the job's status object as the server sent it. */
  void onStatus(JsonNode status);

  /** The {@code end} event: the final status; the last call. */
  void onEnd(JsonNode status);
}
