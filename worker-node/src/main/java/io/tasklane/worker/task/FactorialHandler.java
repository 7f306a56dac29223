package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskFailedPermanently;
import java.math.BigInteger;

/**
 * {@code factorial}: input {@code {n}} (0..100000), output {@code {digits, value}} of n!, the value
 * as a decimal string. The value comes only when the output fits the worker's
 * {@code max-output-bytes} (with the default 1 MiB, every n up to 100000 does); otherwise the task
 * fails at once, saying so.
 */
public final class FactorialHandler implements CpuTaskHandler {

  static final long MAX_N = 100_000;
  private static final int LEAF = 64;

  @Override
  public String type() {
    return "factorial";
  }

  @Override
  public InputSchema input() {
    return InputSchema.object().required("n", InputSchema.integer().minimum(0).maximum(MAX_N));
  }

  @Override
  public String description() {
    return "computes n!; returns {digits, value} (the value as a decimal string)";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    long n = Inputs.nonNegativeLong(input, type(), "n");
    if (n > MAX_N) {
      throw Inputs.invalid(type(), "n", "must be at most " + MAX_N + ", not " + n);
    }
    BigInteger factorial = n < 2 ? BigInteger.ONE : product(2, n, context);
    context.checkCancelled();
    String value = factorial.toString();
    JsonNode output = Inputs.object().put("digits", value.length()).put("value", value);
    long bytes = OutcomeSize.jsonBytes(output);
    if (bytes > context.maxOutputBytes()) {
      throw new TaskFailedPermanently(type() + ": " + n + "! has " + value.length() + " digits, an output of "
          + bytes + " bytes, over this worker's limit of " + context.maxOutputBytes()
          + " bytes (tasklane.worker.max-output-bytes): ask for a smaller n or raise the limit");
    }
    return output;
  }

  /** The product of lo..hi as a balanced tree: big multiplications stay few and even. */
  private static BigInteger product(long lo, long hi, TaskContext context) {
    if (hi - lo < LEAF) {
      context.checkCancelled();
      BigInteger result = BigInteger.valueOf(lo);
      for (long k = lo + 1; k <= hi; k++) {
        result = result.multiply(BigInteger.valueOf(k));
      }
      return result;
    }
    long mid = (lo + hi) >>> 1;
    return product(lo, mid, context).multiply(product(mid + 1, hi, context));
  }
}
