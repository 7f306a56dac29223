package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * {@code sha256}: input {@code {iterations}} = N; b0 = 32 zero bytes, b(i+1) = SHA-256(b(i));
 * output {@code {hex}} of b(N).
 */
public final class Sha256Handler implements CpuTaskHandler {

  private static final int CHECK_EVERY = 4096;

  @Override
  public String type() {
    return "sha256";
  }

  @Override
  public InputSchema input() {
    return InputSchema.object()
        .required("iterations", InputSchema.integer().minimum(0).description("how many times to hash"));
  }

  @Override
  public String description() {
    return "hashes 32 zero bytes with SHA-256 iterations times; returns {hex}";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws DigestException {
    long iterations = Inputs.nonNegativeLong(input, type(), "iterations");
    return Inputs.object().put("hex", Hex.of(iterate(iterations, context)));
  }

  static byte[] iterate(long iterations, TaskContext context) throws DigestException {
    MessageDigest digest = Hex.sha256();
    byte[] block = new byte[32];
    for (long i = 0; i < iterations; i++) {
      if ((i & (CHECK_EVERY - 1)) == 0) {
        context.checkCancelled();
      }
      digest.update(block);
      digest.digest(block, 0, block.length);
    }
    return block;
  }
}
