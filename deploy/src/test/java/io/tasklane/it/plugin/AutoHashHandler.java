package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskContext;
import java.security.MessageDigest;

/** {@code test.autohash}: declared {@code auto}; computes ({@code rounds} iterated SHA-256 hashes). */
public final class AutoHashHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "test.autohash";
  }

  @Override
  public LaneChoice lane() {
    return LaneChoice.AUTO;
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = new byte[32];
    for (int round = input.path("rounds").asInt(100_000); round > 0; round--) {
      digest = sha.digest(digest);
    }
    return JsonNodeFactory.instance.objectNode().put("first", digest[0]);
  }
}
