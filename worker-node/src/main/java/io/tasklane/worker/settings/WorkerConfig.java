package io.tasklane.worker.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The worker's configuration that the node launcher needs before the ActorSystem exists. */
public final class WorkerConfig {

  /**
   * The CPU lane's dispatcher, declared in reference.conf; its executor is
   * {@link io.tasklane.worker.cpu.CpuRunnerPool}, sized from {@code tasklane.worker.cpu.*}.
   */
  public static final String CPU_DISPATCHER = "tasklane.worker.cpu-dispatcher";

  static final String RUNNERS = "tasklane.worker.cpu.runners";
  static final String SPARE_THREADS = "tasklane.worker.cpu.spare-threads";

  private WorkerConfig() {}

  /**
   * Pekko settings the worker role needs (the drain's shutdown-phase timeout); the launcher puts
   * them above every reference.conf, below application.conf.
   */
  public static Config defaults() {
    return ConfigFactory.parseResources(WorkerConfig.class.getClassLoader(), "tasklane-worker.conf");
  }

  /**
   * {@code config} checked for a valid runner count. The CPU dispatcher's pool now sizes itself
   * from {@code tasklane.worker.cpu.runners} and {@code cpu.spare-threads} when it starts, so
   * nothing needs rewriting; kept so launchers need not change.
   */
  public static Config withCpuDispatcherSized(Config config) {
    if (config.hasPath(RUNNERS)) {
      resolveRunners(config.getInt(RUNNERS));
    }
    return config;
  }

  /** Runners of the CPU lane: {@code configured}, or one per available processor when 0. */
  public static int resolveRunners(int configured) {
    if (configured < 0) {
      throw new IllegalArgumentException(RUNNERS + " must be 0 (one per core) or more, not " + configured);
    }
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  /** Spare CPU threads: {@code configured}, or as many as the runners when 0. */
  public static int resolveSpareThreads(int configured, int runners) {
    if (configured < 0) {
      throw new IllegalArgumentException(SPARE_THREADS + " must be 0 (as many as the runners) or more, not " + configured);
    }
    return configured == 0 ? runners : configured;
  }
}
