package io.tasklane.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

/** The worker's configuration paths that the node main needs before the ActorSystem exists. */
public final class WorkerConfig {

  /** The CPU lane's dispatcher, declared in reference.conf. */
  public static final String CPU_DISPATCHER = "tasklane.worker.cpu-dispatcher";

  static final String RUNNERS = "tasklane.worker.cpu.runners";
  private static final String POOL_SIZE = CPU_DISPATCHER + ".thread-pool-executor.fixed-pool-size";

  private WorkerConfig() {}

  /**
   * {@code config} with the CPU dispatcher's pool sized to the resolved runner count
   * ({@code tasklane.worker.cpu.runners}, 0 = available processors). Call it on the config the
   * ActorSystem is created with.
   */
  public static Config withCpuDispatcherSized(Config config) {
    int configured = config.hasPath(RUNNERS) ? config.getInt(RUNNERS) : 0;
    return config.withValue(POOL_SIZE, ConfigValueFactory.fromAnyRef(resolveRunners(configured)));
  }

  static int resolveRunners(int configured) {
    if (configured < 0) {
      throw new IllegalArgumentException(RUNNERS + " must be 0 (one per core) or more, not " + configured);
    }
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }
}
