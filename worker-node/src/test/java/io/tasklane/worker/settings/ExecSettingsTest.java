package io.tasklane.worker.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecSettingsTest {

  @Test
  void execIsOffByDefaultWithBoundedOutputAndAShortGrace() {
    ExecSettings exec = WorkerSettings.fromConfig(ConfigFactory.load()).exec();
    assertThat(exec.allow()).isEqualTo(ExecAllow.OFF);
    assertThat(exec.allow().any()).isFalse();
    assertThat(exec.maxOutputBytes()).isEqualTo(64 * 1024);
    assertThat(exec.killGrace()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void readsAllowAsOffAllOrAListOfPrograms() {
    assertThat(ExecAllow.parse("off")).isEqualTo(ExecAllow.OFF);
    assertThat(ExecAllow.parse(" ")).isEqualTo(ExecAllow.OFF);
    assertThat(ExecAllow.parse("all")).isEqualTo(ExecAllow.ALL);
    assertThat(ExecAllow.parse("true")).isEqualTo(ExecAllow.ALL);
    ExecAllow list = ExecAllow.parse("python3, /usr/bin/convert,");
    assertThat(list.programs()).containsExactly("python3", "/usr/bin/convert");
    assertThat(list.allows("python3")).isTrue();
    assertThat(list.allows("/usr/local/bin/python3")).isTrue();
    assertThat(list.allows("/usr/bin/convert")).isTrue();
    assertThat(list.allows("convert")).isFalse();
    assertThat(list.allows("rm")).isFalse();
    assertThat(list.toString()).isEqualTo("python3,/usr/bin/convert");
    ExecSettings exec = WorkerSettings.fromConfig(ConfigFactory.parseString(
        "tasklane.worker.exec { allow = \"python3,sh\", max-output-bytes = 1 KiB }").withFallback(ConfigFactory.load())).exec();
    assertThat(exec.allow().programs()).isEqualTo(List.of("python3", "sh"));
    assertThat(exec.maxOutputBytes()).isEqualTo(1024);
  }

  @Test
  void refusesAnEmptyOutputLimitOrGrace() {
    assertThatThrownBy(() -> new ExecSettings(ExecAllow.ALL, 0, Duration.ofSeconds(1))).hasMessageContaining("max-output-bytes");
    assertThatThrownBy(() -> new ExecSettings(ExecAllow.ALL, 1, Duration.ZERO)).hasMessageContaining("kill-grace");
  }
}
