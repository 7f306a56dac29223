package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A broken submission envelope is refused in words, with its line, and no Java name. */
class SubmissionTest {

  @Test
  void aTruncatedEnvelopeNamesItsLineWithoutTheParsersSourceEcho() {
    // was: "… (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, …])"
    assertThatThrownBy(() -> Submission.fromEnvelope("{\"text\":\n[1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the submission is not valid JSON (line 2): Unexpected end-of-input: expected close marker for "
            + "Array (start marker at line 2)");
  }

  @Test
  void aNumberOverTheReadLimitNamesNoJavaSetter() {
    assertThatThrownBy(() -> Submission.fromEnvelope("{\"text\": " + "9".repeat(1200) + "}"))
        .hasMessageStartingWith("the submission is not valid JSON")
        .hasMessageContaining("exceeds the maximum allowed (1000)")
        .hasMessageNotContaining("StreamReadConstraints");
  }
}
