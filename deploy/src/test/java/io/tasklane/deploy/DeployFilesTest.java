package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing offline tool fails the deploy files' checks, unless skipping was asked for. */
class DeployFilesTest {

  @AfterEach
  void clearTheSkip() {
    System.clearProperty(DeployFiles.SKIP_PROPERTY);
  }

  @Test
  void aMissingToolFailsSayingHowToInstallItOrSkip() {
    assertThatThrownBy(() -> DeployFiles.tool("tasklane-no-such-tool", "apt-get install nothing"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("tasklane-no-such-tool is not on the PATH")
        .hasMessageContaining("apt-get install nothing")
        .hasMessageContaining("-D" + DeployFiles.SKIP_PROPERTY + "=true");
  }

  @Test
  void aMissingToolSkipsOnlyWhenAskedTo() {
    System.setProperty(DeployFiles.SKIP_PROPERTY, "true");
    assertThatThrownBy(() -> DeployFiles.tool("tasklane-no-such-tool", "apt-get install nothing"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void aToolOnThePathIsFound() {
    assertThat(DeployFiles.onPath("bash")).isPresent();
  }
}
