package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.task.CpuTaskHandler;
import io.tasklane.protocol.task.TaskContext;
import java.math.BigInteger;

/** {@code factorial}: input {@code {n}} (0..100000), output {@code {digits}} of n!. */
public final class FactorialHandler implements CpuTaskHandler {

  static final long MAX_N = 100_000;
  private static final int LEAF = 64;

  @Override
  public String type() {
    return "factorial";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    long n = Inputs.nonNegativeLong(input, type(), "n");
    if (n > MAX_N) {
      throw new IllegalArgumentException(
          type() + ": input field 'n' must be at most " + MAX_N + ", not " + n);
    }
    BigInteger factorial = n < 2 ? BigInteger.ONE : product(2, n, context);
    context.checkCancelled();
    return Inputs.object().put("digits", factorial.toString().length());
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
