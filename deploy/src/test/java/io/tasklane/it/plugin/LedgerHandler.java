package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.TaskContext;

/**
 * {@code test.ledger}, input {@code {ledger, ms}}: an I/O task that sleeps {@code ms} and writes
 * its execution to the ledger file (see {@link LedgerLines}); output {@code {pid, attempt, start, lane}}.
 */
public final class LedgerHandler implements BlockingTaskHandler {

  @Override
  public String type() {
    return "test.ledger";
  }

  @Override
  public JsonNode run(JsonNode input, TaskContext context) throws Exception {
    return LedgerLines.execute(input, context, "io", Thread::sleep);
  }
}
