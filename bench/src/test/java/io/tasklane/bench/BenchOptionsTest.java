package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void noWorkloadMeansAllInTheOrderOfWorkloadsMd() {
    assertThat(BenchOptions.parse(new String[0]).workloads())
        .containsExactly("W1", "W1-large", "W2", "W3", "W3-1s", "W4");
  }

  @Test
  void namedWorkloadsRunInCanonicalOrderOnce() {
    BenchOptions options = BenchOptions.parse(new String[] {"w4", "W2", "--runs", "5", "W2", "--node-opts", "-Xmx2g"});

    assertThat(options.workloads()).containsExactly("W2", "W4");
    assertThat(options.runs()).isEqualTo(5);
    assertThat(options.nodeOpts()).isEqualTo("-Xmx2g");
    assertThat(options.end()).isEqualTo(EndDetection.follow);
    assertThat(options.w4Jobs()).as("W4 appends to an open job by default").isFalse();
    assertThat(BenchOptions.parse(new String[] {"--w4", "jobs", "--end", "poll"}).w4Jobs()).isTrue();
    assertThat(options.w4Waiters()).as("no extra waiters by default").isZero();
    assertThat(BenchOptions.parse(new String[] {"--w4-waiters", "2000"}).w4Waiters()).isEqualTo(2000);
    assertThat(options.warmups()).as("the prescribed method: one throw-away run").isEqualTo(1);
    assertThat(BenchOptions.parse(new String[] {"--warmups", "10"}).warmups()).isEqualTo(10);
    assertThat(options.plainHttp()).as("the plain HTTP/1.1 client by default").isTrue();
    assertThat(BenchOptions.parse(new String[] {"--http", "jdk"}).plainHttp()).isFalse();
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--http", "curl"}))
        .hasMessageContaining("--http must be plain or jdk, not curl");
  }

  @Test
  void theTenMillionTaskJobRunsOnlyWhenNamed() {
    assertThat(BenchOptions.parse(new String[0]).workloads()).doesNotContain("W1-10M");
    assertThat(BenchOptions.parse(new String[] {"w1-10m", "W1"}).workloads()).containsExactly("W1", "W1-10M");
  }

  @Test
  void unknownNamesAndBadNumbersAreUsageErrors() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"W9"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("W9");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "0"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("--runs");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmups", "-1"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("--warmups");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--w4", "batch"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("--w4 must be append or jobs");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--w4-waiters", "-5"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("--w4-waiters");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs"}))
        .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("needs a value");
  }
}
