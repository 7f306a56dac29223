package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/**
 * {@code test.ledger.cpu}, input {@code {ledger, ms}}: a CPU task that computes for {@code ms}
 * and writes its execution to the ledger file (see {@link LedgerLines}).
 */
public final class CpuLedgerHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "test.ledger.cpu";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    return LedgerLines.execute(input, context, "cpu", ms -> {
      long until = System.nanoTime() + ms * 1_000_000;
      long spins = 0;
      while (System.nanoTime() < until) {
        if (++spins % 10_000 == 0) {
          context.checkCancelled();
        }
      }
    });
  }
}
