package io.tasklane.worker.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.worker.settings.CpuPriority;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerCgroupTest {

  @Test
  void sharesAreTheKernelsWeightOfTheNiceValue() {
    assertThat(RunnerCgroup.sharesOf(0)).isEqualTo(1024);
    assertThat(RunnerCgroup.sharesOf(10)).isEqualTo(110);
    assertThat(RunnerCgroup.sharesOf(19)).isEqualTo(15);
    assertThat(RunnerCgroup.sharesOf(40)).as("clamped").isEqualTo(15);
  }

  @Test
  void findsTheProcessCpuCgroupInProcSelfCgroup() {
    assertThat(RunnerCgroup.cpuPathOf("9:name=systemd:/\n2:cpuacct:/\n1:cpu:/\n0::/\n")).isEqualTo("/");
    assertThat(RunnerCgroup.cpuPathOf("4:cpu,cpuacct:/system.slice/x.service\n0::/")).isEqualTo("/system.slice/x.service");
    assertThat(RunnerCgroup.cpuPathOf("0::/user.slice\n")).as("cgroup v2 only").isNull();
  }

  @Test
  void withoutACgroupV1CpuHierarchyNothingIsCreated(@TempDir Path notCgroupFs) {
    assertThat(RunnerCgroup.create(notCgroupFs.resolve("cpu"), CpuPriority.NICE, 10)).isEmpty();
    assertThat(notCgroupFs.resolve("cpu")).doesNotExist();
  }

  @Test
  void aWritableHierarchyGetsAGroupWithTheNicesWeightWhichIsRemovedAfter(@TempDir Path fakeRoot) throws Exception {
    // a directory that looks like the hierarchy's root (a real one makes its files itself)
    Path root = fakeRoot.resolve("cpu");
    String own = RunnerCgroup.cpuPathOf(Files.readString(Path.of("/proc/self/cgroup")));
    org.junit.jupiter.api.Assumptions.assumeTrue(own != null, "a cgroup v1 cpu line in /proc/self/cgroup");
    Path parent = root.resolve(own.substring(1));
    Files.createDirectories(parent);
    Files.writeString(root.resolve("cpu.shares"), "1024");
    Files.writeString(parent.resolve("tasks"), "");
    Files.createDirectories(parent.resolve("tasklane-cpu-lane-999999999-nice-10"));

    RunnerCgroup group = RunnerCgroup.create(root, CpuPriority.NICE, 10).orElseThrow();
    assertThat(group.dir()).isEqualTo(parent.resolve("tasklane-cpu-lane-" + ProcessHandle.current().pid() + "-nice-10"));
    assertThat(Files.readString(group.dir().resolve("cpu.shares"))).isEqualTo("110");
    assertThat(parent.resolve("tasklane-cpu-lane-999999999-nice-10")).as("a dead process's group").doesNotExist();
    assertThat(group.describe()).contains("cpu.shares = 110");

    Files.delete(group.dir().resolve("cpu.shares"));
    group.remove();
    assertThat(group.dir()).doesNotExist();
  }
}
