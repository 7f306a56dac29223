package io.tasklane.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;

/**
 * A task that mostly computes. {@link #compute} runs on a CPU-lane thread (or, if a task moves
 * it to the I/O lane, on a virtual thread); long loops should call
 * {@link TaskContext#checkCancelled()} regularly.
 */
public non-sealed interface CpuTaskHandler extends TaskHandler {

  @Override
  default Lane lane() {
    return Lane.CPU;
  }

  JsonNode compute(JsonNode input, TaskContext context) throws Exception;
}
