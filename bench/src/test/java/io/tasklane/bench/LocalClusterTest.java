package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalClusterTest {

  @Test
  void jvmFlagsAreTheOptionsBetweenJavaAndTheClasspath() {
    String[] commandLine = {"/usr/bin/setsid", "/usr/lib/jvm/jdk/bin/java", "-Xms256m", "-Xmx1g",
        "-XX:+UseG1GC", "-Dtasklane.worker.io.max-in-flight=2500", "-cp", "/x/tasklane.jar",
        "io.tasklane.TasklaneMain", "worker", "--port", "1234"};

    assertThat(LocalCluster.jvmFlags(commandLine))
        .containsExactly("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Dtasklane.worker.io.max-in-flight=2500");
  }

  @Test
  void noFlagsWhenTheMainClassFollowsJava() {
    assertThat(LocalCluster.jvmFlags(new String[] {"java", "io.tasklane.TasklaneMain"})).isEmpty();
  }
}
