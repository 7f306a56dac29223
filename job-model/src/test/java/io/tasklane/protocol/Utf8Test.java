package io.tasklane.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void countsAStringsUtf8BytesAsTheEncoderWritesThem() {
    Random random = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        // ASCII, two-byte, three-byte and supplementary (surrogate pair) code points
        int[] samples = {'a', 0xE9, 0x20AC, 0x1F600};
        text.appendCodePoint(samples[random.nextInt(samples.length)]);
      }
      assertThat(Utf8.length(text.toString())).as(text.toString())
          .isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(Utf8.length(null)).isZero();
  }
}
