package io.tasklane;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.local.NodeProcesses;
import org.junit.jupiter.api.Test;

class TasklaneMainTest {

  @Test
  void localUpLaunchesNodesOfThisMainClass() {
    assertThat(NodeProcesses.MAIN_CLASS).isEqualTo(TasklaneMain.class.getName());
  }
}
