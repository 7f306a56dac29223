package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task that mostly computes. {@link #compute} runs on a CPU-lane thread (or, if a task moves
 * it to the I/O lane, on a virtual thread); long loops should call
 * {@link TaskContext#checkCancelled()} regularly. Return {@link LaneChoice#AUTO} from
 * {@link #lane()} to let the worker measure where it belongs.
 */
public non-sealed interface CpuTaskHandler extends TaskHandler {

  @Override
  default LaneChoice lane() {
    return LaneChoice.CPU;
  }

  JsonNode compute(JsonNode input, TaskContext context) throws Exception;
}
