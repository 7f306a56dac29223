package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/**
 * {@code test.ledger.cpu}, input {@code {ledger, ms}}: a CPU task that holds a runner of the CPU
 * lane for {@code ms}, checking for its cancellation as a computing task does, and writes its
 * execution to the ledger file (see {@link LedgerLines}).
 *
 * <p>It sleeps on the runner rather than computing: what the ledger tests check is where, when
 * and how often a task ran, and the runner is held all the same. Computing, LedgerFaultsIT's CPU
 * tasks alone spun for ~460 s of task time, at the CPU lane's low priority taking every cycle the
 * test class beside them left idle on CI's two cores.
 */
public final class CpuLedgerHandler implements CpuTaskHandler {

  /** Longest sleep between two looks at the cancelled flag. */
  private static final long SLICE_MS = 20;

  @Override
  public String type() {
    return "test.ledger.cpu";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    return LedgerLines.execute(input, context, "cpu", ms -> {
      long until = System.nanoTime() + ms * 1_000_000;
      for (long left = ms; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
        context.checkCancelled();
        Thread.sleep(Math.min(left, SLICE_MS)); // a stopped attempt's runner is interrupted too
      }
      context.checkCancelled();
    });
  }
}
