package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class WarmUpMarkTest {

  private final WarmUpMark mark = new WarmUpMark("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @Test
  void onlyTheExactValueMarksARequest() {
    HttpRequest plain = HttpRequest.POST("/api/jobs");

    assertThat(mark.marks(plain)).as("no header").isFalse();
    assertThat(mark.marks(plain.addHeader(RawHeader.create(WarmUpMark.HEADER, "0123456789abcdef")))).isTrue();
    assertThat(mark.marks(plain.addHeader(RawHeader.create(WarmUpMark.HEADER, "0123456789abcdeF")))).isFalse();
    assertThat(mark.marks(plain.addHeader(RawHeader.create(WarmUpMark.HEADER, "0123456789abcde")))).isFalse();
    assertThat(mark.marks(plain.addHeader(RawHeader.create(WarmUpMark.HEADER, "")))).isFalse();
  }

  @Test
  void eachNodeMakesItsOwn() {
    WarmUpMark one = WarmUpMark.random();
    WarmUpMark other = WarmUpMark.random();

    assertThat(one.value()).matches("[0-9a-f]{32}").isNotEqualTo(other.value());
    assertThat(one.marks(HttpRequest.POST("/api/jobs").addHeader(RawHeader.create(WarmUpMark.HEADER, other.value()))))
        .isFalse();
  }
}
