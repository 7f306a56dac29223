package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobIdsTest {

  @Test
  void newIdsAreValidAndSortByTime() throws Exception {
    String older = JobIds.newJobId();
    long start = System.currentTimeMillis();
    while (System.currentTimeMillis() == start) {
      Thread.onSpinWait(); // the next millisecond
    }
    String newer = JobIds.newJobId();
    assertThat(older).matches("j-[0-9a-z]+").hasSize(newer.length());
    assertThat(JobIds.isValid(older)).isTrue();
    assertThat(newer).isGreaterThan(older);
  }

  @Test
  void aKeyAlwaysNamesTheSameJob() {
    // journaled by jobs as the digest of an append's key: it must never change
    assertThat(JobIds.forKey("batch-1")).isEqualTo(JobIds.forKey("batch-1")).matches("k-[0-9a-f]{20}");
    assertThat(JobIds.forKey("batch-1")).isNotEqualTo(JobIds.forKey("batch-2"));
    assertThat(JobIds.forKey("")).isEqualTo("k-e3b0c44298fc1c149afb"); // SHA-256 of nothing
  }

  @Test
  void aPathSegmentNamesAJobOnlyInItsAlphabetAndLength() {
    assertThat(JobIds.isValid("j-abc_1.2")).isTrue();
    assertThat(JobIds.isValid("a".repeat(64))).isTrue();
    assertThat(JobIds.isValid("a".repeat(65))).isFalse();
    assertThat(JobIds.isValid("")).isFalse();
    assertThat(JobIds.isValid("a b")).isFalse();
    assertThat(JobIds.isValid("é")).isFalse();
  }
}
