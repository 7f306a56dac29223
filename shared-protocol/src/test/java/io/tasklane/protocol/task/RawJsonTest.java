package io.tasklane.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void keepsTheValueAsCompactJsonText() throws Exception {
    RawJson raw = RawJson.of(json("{ \"hex\" : \"ab\", \"n\" : [1, 2.5, null, true], \"s\": \"é\" }"));
    assertThat(raw.text()).isEqualTo("{\"hex\":\"ab\",\"n\":[1,2.5,null,true],\"s\":\"é\"}");
    assertThat(raw.size()).isEqualTo(raw.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(raw.tree()).isEqualTo(json("{\"hex\":\"ab\",\"n\":[1,2.5,null,true],\"s\":\"é\"}"));
  }

  @Test
  void noValueIsNull() {
    assertThat(RawJson.of(null)).isNull();
    assertThat(RawJson.of(NullNode.getInstance())).isNull();
  }

  @Test
  void travelsInCborAsOneByteString() throws Exception {
    TaskOutcome outcome = new TaskOutcome(3, TaskStatus.SUCCEEDED, RawJson.of(json("{\"v\":[1,2]}")), null, 1, "t");
    byte[] bytes = CBOR.writeValueAsBytes(outcome);
    JsonNode wire = CBOR.readTree(bytes);
    assertThat(wire.get(2).isBinary()).as("the outcome is an array, its output the third element").isTrue();
    assertThat(CBOR.readValue(bytes, TaskOutcome.class)).isEqualTo(outcome);
  }

  /** Journals written before outputs were kept as text hold the output as a CBOR map. */
  @Test
  void readsAnOutputWrittenAsATreeByAnOlderVersion() throws Exception {
    byte[] old = CBOR.writeValueAsBytes(Map.of("x", 3, "s", "succeeded", "o", Map.of("v", 1), "a", 1, "th", "t"));
    TaskOutcome outcome = CBOR.readValue(old, TaskOutcome.class);
    assertThat(outcome.output().text()).isEqualTo("{\"v\":1}");
  }

  /** An older journal's binary output (a handler that returned bytes) reads as its base64 string. */
  @Test
  void readsABinaryOutputOfAnOlderVersionAsItsBase64String() throws Exception {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
    byte[] old = CBOR.writeValueAsBytes(Map.of("x", 3, "s", "succeeded", "o", bytes, "a", 1, "th", "t"));
    TaskOutcome outcome = CBOR.readValue(old, TaskOutcome.class);
    assertThat(outcome.output().text())
        .isEqualTo("\"" + java.util.Base64.getEncoder().encodeToString(bytes) + "\"");
  }

  @Test
  void refusesToWriteMoreThanTheLimit() throws Exception {
    JsonNode big = json("{\"s\":\"" + "x".repeat(1000) + "\"}");
    assertThat(RawJson.ofAtMost(big, 2000).size()).isEqualTo(1008);
    assertThat(RawJson.ofAtMost(big, 1008).size()).isEqualTo(1008);
    assertThatThrownBy(() -> RawJson.ofAtMost(big, 1007)).isInstanceOf(RawJson.TooLarge.class)
        .hasMessageContaining("more than 1007 bytes");
  }
}
