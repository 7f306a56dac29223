package io.tasklane.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.node.BindPolicy.Verdict;
import org.junit.jupiter.api.Test;

class BindPolicyTest {

  @Test
  void loopbackOrTlsStartsPlainTextOffLoopbackOnlyWithInsecure() {
    assertThat(BindPolicy.verdict(true, false, false)).isEqualTo(Verdict.START);
    assertThat(BindPolicy.verdict(true, true, false)).isEqualTo(Verdict.START);
    assertThat(BindPolicy.verdict(false, true, false)).isEqualTo(Verdict.START);
    assertThat(BindPolicy.verdict(false, true, true)).as("TLS wins: no warning").isEqualTo(Verdict.START);
    assertThat(BindPolicy.verdict(false, false, true)).isEqualTo(Verdict.START_INSECURE);
    assertThat(BindPolicy.verdict(false, false, false)).isEqualTo(Verdict.REFUSE);
  }

  @Test
  void loopbackAddressesAndNamesAreLoopbackEverythingElseIsNot() {
    assertThat(BindPolicy.isLoopback("127.0.0.1")).isTrue();
    assertThat(BindPolicy.isLoopback("127.0.1.1")).isTrue();
    assertThat(BindPolicy.isLoopback("localhost")).isTrue();
    assertThat(BindPolicy.isLoopback("::1")).isTrue();
    assertThat(BindPolicy.isLoopback("[::1]")).isTrue();
    assertThat(BindPolicy.isLoopback("0.0.0.0")).as("every interface").isFalse();
    assertThat(BindPolicy.isLoopback("::")).isFalse();
    assertThat(BindPolicy.isLoopback("10.0.0.1")).isFalse();
    assertThat(BindPolicy.isLoopback("no-such-host.invalid")).as("unresolvable").isFalse();
  }

  @Test
  void theEnvironmentSwitchTakesOneTrueYes() {
    assertThat(BindPolicy.truthy("1")).isTrue();
    assertThat(BindPolicy.truthy(" TRUE ")).isTrue();
    assertThat(BindPolicy.truthy("yes")).isTrue();
    assertThat(BindPolicy.truthy("0")).isFalse();
    assertThat(BindPolicy.truthy("")).isFalse();
    assertThat(BindPolicy.truthy(null)).isFalse();
  }

  @Test
  void theRefusalSaysHowToSetUpTlsAndHowToOptOut() {
    assertThat(BindPolicy.refusal("10.0.0.1"))
        .contains("--host 10.0.0.1 is not a loopback address")
        .contains("tasklane certs init --dir tls --hosts 10.0.0.1")
        .contains("--tls-dir tls").contains("TASKLANE_TLS_DIR")
        .contains("--insecure").contains("TASKLANE_INSECURE=1");
  }
}
