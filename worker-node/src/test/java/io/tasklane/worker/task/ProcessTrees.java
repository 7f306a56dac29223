package io.tasklane.worker.task;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** The processes an exec test started, found among this JVM's descendants by a marker. */
public final class ProcessTrees {

  private ProcessTrees() {}

  /** This JVM's live descendants whose command line holds {@code marker}, once there are {@code count}. */
  public static List<ProcessHandle> awaitTree(String marker, int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> tree(marker).size() == count);
    return tree(marker);
  }

  public static List<ProcessHandle> tree(String marker) {
    return ProcessHandle.current().descendants()
        .filter(h -> h.info().commandLine().orElse("").contains(marker) && h.isAlive())
        .toList();
  }
}
