package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResultLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void stringsAreEscapedExactlyAsJacksonDoes() throws Exception {
    String[] samples = {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\rcr\bback\fform",
        "\u0000\u0001\u001f\u007f", "é and ü", "日本語", "emoji \uD83D\uDE00 pair", "mixed é \" \n 日 \\",
        "slash / stays"};
    for (String sample : samples) {
      assertThat(new String(ResultLines.quoted(sample), StandardCharsets.UTF_8))
          .as("%s", sample).isEqualTo(JSON.writeValueAsString(sample));
    }
    Random random = new Random(42);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(switch (random.nextInt(5)) {
          case 0 -> (char) random.nextInt(0x20);
          case 1 -> (char) (0x20 + random.nextInt(0x60));
          case 2 -> (char) (0x80 + random.nextInt(0x700));
          case 3 -> "\uD83D\uDE80";
          default -> (char) (0x3000 + random.nextInt(0x1000));
        });
      }
      String sample = text.toString();
      assertThat(new String(ResultLines.quoted(sample), StandardCharsets.UTF_8))
          .as("%s", sample).isEqualTo(JSON.writeValueAsString(sample));
    }
    assertThat(new String(ResultLines.quoted(null), StandardCharsets.UTF_8)).isEqualTo("null");
  }

  @Test
  void numbersOfAnySize() {
    ResultLines lines = new ResultLines();
    lines.number(0).ascii(",").number(7).ascii(",").number(10).ascii(",").number(123_456_789_012L);
    assertThat(lines.text()).isEqualTo("0,7,10,123456789012");
  }

  @Test
  void aStoredResultRendersAsOneJsonLineWithEveryFieldAndTheOutputAsStored() throws Exception {
    ResultStore store = new ResultStore(2);
    store.put(0, TaskStatus.SUCCEEDED, RawJson.of(JSON.readTree("{\"v\":\"é \\\"x\\\"\",\"n\":[1,2]}")).utf8(), null, 2,
        "127.0.0.1:2552", "io \"lane\" 1");
    store.put(1, TaskStatus.FAILED, null, "bad input:\n\"x\" é", 3, null, null);
    ResultLines lines = new ResultLines();
    for (int i = 0; i < 2; i++) {
      lines.ascii("{\"id\":").string("t-" + i);
      store.writeFields(i, lines);
      lines.ascii("}\n");
    }
    String[] rendered = lines.text().split("\n");
    JsonNode first = JSON.readTree(rendered[0]);
    assertThat(first.get("status").asText()).isEqualTo("succeeded");
    assertThat(first.get("output")).isEqualTo(JSON.readTree("{\"v\":\"é \\\"x\\\"\",\"n\":[1,2]}"));
    assertThat(first.get("error").isNull()).isTrue();
    assertThat(first.get("attempts").asInt()).isEqualTo(2);
    assertThat(first.get("thread").asText()).isEqualTo("io \"lane\" 1");
    JsonNode second = JSON.readTree(rendered[1]);
    assertThat(second.get("status").asText()).isEqualTo("failed");
    assertThat(second.get("output").isNull()).isTrue();
    assertThat(second.get("error").asText()).isEqualTo("bad input:\n\"x\" é");
    assertThat(second.get("worker").isNull()).isTrue();
    assertThat(second.fieldNames()).toIterable()
        .containsExactly("id", "status", "output", "error", "attempts", "worker", "thread");
  }
}
