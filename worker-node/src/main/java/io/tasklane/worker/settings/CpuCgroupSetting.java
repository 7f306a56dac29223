package io.tasklane.worker.settings;

import com.typesafe.config.Config;

/** {@code tasklane.worker.cpu.cgroup}: whether CPU runners may go into a cgroup of their own. */
public final class CpuCgroupSetting {

  private CpuCgroupSetting() {}

  /** {@code auto} (the default: where a writable hierarchy allows it) or {@code off}; anything else is refused, named. */
  public static boolean enabled(Config system) {
    String value = system.getString("tasklane.worker.cpu.cgroup").trim();
    if (value.equalsIgnoreCase("auto")) {
      return true;
    }
    if (value.equalsIgnoreCase("off")) {
      return false;
    }
    throw new IllegalArgumentException("tasklane.worker.cpu.cgroup must be auto or off, not '" + value + "'");
  }
}
