package io.tasklane.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputSchemaOfRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  enum Size { SMALL, LARGE }

  record Box(int width, Integer height) {}

  record Thumbnail(
      String path,
      long maxBytes,
      @InputSchema.Optional Double quality,
      boolean keepAspect,
      Size size,
      List<String> tags,
      Map<String, Integer> counts,
      Box box,
      @InputSchema.Optional JsonNode extra,
      String[] names) {}

  record Loop(Loop next) {}

  record WithOptional(Optional<String> note) {}

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void aRecordsComponentsBecomePropertiesRequiredUnlessMarkedOptional() throws Exception {
    InputSchema schema = InputSchema.of(Thumbnail.class);
    InputSchema expected = InputSchema.object()
        .required("path", InputSchema.string())
        .required("maxBytes", InputSchema.integer())
        .optional("quality", InputSchema.number())
        .required("keepAspect", InputSchema.bool())
        .required("size", InputSchema.string().enumOf("SMALL", "LARGE"))
        .required("tags", InputSchema.array(InputSchema.string()))
        .required("counts", InputSchema.object().additionalProperties(InputSchema.integer()))
        .required("box", InputSchema.object().required("width", InputSchema.integer()).required("height", InputSchema.integer()))
        .optional("extra", InputSchema.any())
        .required("names", InputSchema.array(InputSchema.string()));
    assertThat(schema).isEqualTo(expected);
  }

  @Test
  void theDerivedSchemaChecksWhatJacksonWouldMap() throws Exception {
    InputSchema schema = InputSchema.of(Thumbnail.class);
    JsonNode good = json("""
        {'path': 'a.png', 'maxBytes': 100, 'keepAspect': true, 'size': 'SMALL', 'tags': ['x'],
         'counts': {'a': 1}, 'box': {'width': 1, 'height': 2}, 'names': []}
        """);
    assertThat(schema.check(good)).isEmpty();
    assertThat(JSON.treeToValue(good, Thumbnail.class).box()).isEqualTo(new Box(1, 2));
    JsonNode bad = json("""
        {'path': 'a.png', 'maxBytes': 'lots', 'keepAspect': true, 'size': 'HUGE', 'tags': ['x'],
         'counts': {'a': 1}, 'box': {'width': 1}, 'names': []}
        """);
    assertThat(schema.check(bad)).containsExactly(
        "input.maxBytes: must be an integer, got \"lots\"",
        "input.size: must be one of \"SMALL\", \"LARGE\", got \"HUGE\"",
        "input.box.height: required, as an integer");
  }

  @Test
  void aTypeWithoutASchemaIsRefusedNamingTheComponent() {
    assertThatThrownBy(() -> InputSchema.of(WithOptional.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("WithOptional.note: no input schema for the type java.util.Optional<java.lang.String>");
    assertThatThrownBy(() -> InputSchema.of(Loop.class)).hasMessageContaining("contains itself");
  }
}
