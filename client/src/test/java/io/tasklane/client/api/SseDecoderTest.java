package io.tasklane.client.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

  @Test
  void dispatchesAtBlankLinesJoiningDataLinesAndSkippingComments() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(events::add);

    List.of(": hello", "", "event: status", "data: {\"a\":", "data: 1}", "id: 7", "", "data:plain", "",
        "event: end", "data: {}", "").forEach(decoder::accept);

    assertThat(events).containsExactly(new SseEvent("status", "{\"a\":\n1}"),
        new SseEvent("message", "plain"), new SseEvent("end", "{}"));
  }
}
