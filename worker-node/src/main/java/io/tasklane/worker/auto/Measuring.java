package io.tasklane.worker.auto;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskContext;
import java.util.function.Supplier;

/**
 * Measures runs as thread CPU time over wall time (less the time spent waiting for a core, see
 * {@link RunClock}), for {@link LaneChoices}. Only a platform thread has a CPU clock (a virtual
 * thread's reads -1): a run on a virtual thread is not counted.
 */
public final class Measuring {

  private final LaneChoices choices;
  private final boolean supported;

  public Measuring(LaneChoices choices) {
    this.choices = choices;
    this.supported = RunClock.supported();
  }

  public LaneChoices choices() {
    return choices;
  }

  /** The handler, its every compute measured (on the thread that runs it). */
  public CpuTaskHandler compute(CpuTaskHandler handler) {
    return supported ? new Measured(handler) : handler;
  }

  /**
   * Runs an I/O handler's synchronous start on this thread, measured by the thread's CPU clock
   * only: the warning it feeds counts CPU per start, and this runs for every I/O task on the
   * lane's own thread, where reading /proc (as {@link RunClock#now} does) would cost two file
   * reads a task.
   */
  public <T> T start(String type, Supplier<T> start) {
    if (!supported) {
      return start.get();
    }
    long cpu = RunClock.cpuNow();
    long wall = System.nanoTime();
    try {
      return start.get();
    } finally {
      long cpuAfter = RunClock.cpuNow();
      if (cpu >= 0 && cpuAfter >= 0) {
        choices.started(type, cpuAfter - cpu, Math.max(1, System.nanoTime() - wall));
      }
    }
  }

  /** A function handler whose computes are measured. */
  private final class Measured implements CpuTaskHandler {
    private final CpuTaskHandler handler;

    Measured(CpuTaskHandler handler) {
      this.handler = handler;
    }

    @Override
    public String type() {
      return handler.type();
    }

    @Override
    public LaneChoice lane() {
      return handler.lane();
    }

    @Override
    public InputSchema input() {
      return handler.input();
    }

    @Override
    public String description() {
      return handler.description();
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
      RunClock.Reading before = RunClock.now();
      try {
        return handler.compute(input, context);
      } finally {
        RunClock.since(before, (cpu, wall) -> choices.ran(handler.type(), before.wall(), System.nanoTime(), cpu, wall));
      }
    }
  }
}
