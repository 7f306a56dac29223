package io.tasklane.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  void refusesToWriteMoreThanTheLimit() throws Exception {
    JsonNode big = json("{\"s\":\"" + "x".repeat(1000) + "\"}");
    assertThat(RawJson.ofAtMost(big, 2000).size()).isEqualTo(1008);
    assertThat(RawJson.ofAtMost(big, 1008).size()).isEqualTo(1008);
    assertThatThrownBy(() -> RawJson.ofAtMost(big, 1007)).isInstanceOf(RawJson.TooLarge.class)
        .hasMessageContaining("more than 1007 bytes");
  }
}
