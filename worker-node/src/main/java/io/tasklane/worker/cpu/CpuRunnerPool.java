package io.tasklane.worker.cpu;

import com.typesafe.config.Config;
import io.tasklane.worker.settings.CpuCgroupSetting;
import io.tasklane.worker.settings.CpuPriority;
import io.tasklane.worker.settings.WorkerConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * The executor of {@link WorkerConfig#CPU_DISPATCHER}: a direct hand-off pool (no queue) that
 * keeps one thread per runner and starts another whenever every live thread is busy, so a
 * thread abandoned by a task that ignores being stopped is replaced at once. The CPU lane, not
 * the pool, bounds how many tasks compute at once; the pool's maximum (runners for the
 * runners, spare threads for abandoned ones, and runners again for the moment a finishing
 * thread has not yet gone back to the pool) is only a backstop.
 */
public final class CpuRunnerPool extends ExecutorServiceConfigurator {

  private final int runners;
  private final int maxThreads;
  private final long keepAliveMillis;
  private final CpuPriority priority;
  private final int nice;
  private final Duration toolTimeout;
  private final Optional<RunnerCgroup> cgroup;

  public CpuRunnerPool(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    Config system = prerequisites.settings().config();
    this.runners = WorkerConfig.resolveRunners(system.getInt("tasklane.worker.cpu.runners"));
    int spare = WorkerConfig.resolveSpareThreads(system.getInt("tasklane.worker.cpu.spare-threads"), runners);
    this.maxThreads = 2 * runners + spare;
    this.keepAliveMillis = config.getDuration("spare-keep-alive").toMillis();
    this.priority = CpuPriority.parse(system.getString("tasklane.worker.cpu.priority"));
    this.nice = system.getInt("tasklane.worker.cpu.nice");
    this.toolTimeout = system.getDuration("tasklane.worker.cpu.priority-tool-timeout");
    this.cgroup = RunnerCgroup.forThisProcess(priority, nice, CpuCgroupSetting.enabled(system),
        system.getDuration("tasklane.worker.cpu.starved-window"), system.getDuration("tasklane.worker.cpu.starved-hold"));
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    // like Pekko's own executors: threads named <system>-<dispatcher id>-<n>
    ThreadFactory pekko = threadFactory instanceof MonitorableThreadFactory monitorable
        ? monitorable.withName(monitorable.name() + "-" + id)
        : threadFactory;
    ThreadFactory named = task -> pekko.newThread(() -> {
      ThreadPriority.applyToCurrentThread(priority, nice, toolTimeout, cgroup);
      task.run();
    });
    return () -> new ThreadPoolExecutor(
        runners, maxThreads, keepAliveMillis, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), named);
  }
}
