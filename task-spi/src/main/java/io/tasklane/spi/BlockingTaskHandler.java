package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task that waits by blocking its thread (JDBC, a blocking SDK, {@code Thread.sleep}). Each
 * attempt runs on its own virtual thread in the I/O lane, so thousands can wait at once and the
 * I/O lane's dispatcher is never blocked. Cancellation interrupts the thread.
 */
public non-sealed interface BlockingTaskHandler extends TaskHandler {

  /** Always the I/O lane, on virtual threads. */
  @Override
  default LaneChoice lane() {
    return LaneChoice.IO;
  }

  JsonNode run(JsonNode input, TaskContext context) throws Exception;
}
