package io.tasklane.peers.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/** The members' and the client's configuration: 127.0.0.1 only, no multicast, no phone-home. */
final class PeerConfig {

  static final String LOOPBACK = "127.0.0.1";
  /** W1's best configuration in WORKLOADS.md (4,845 tasks/s): 1 thread per member. */
  static final String W1 = "w1";
  /** W4's CPU lane built by hand: 1 thread per member. */
  static final String CPU = "cpu";
  /** W4's I/O lane built by hand: 1,000 threads per member. */
  static final String IO = "io";
  /** Hazelcast's default executor (16 threads per member): W4's "shared pool" variant. */
  static final String DEFAULT = "default";

  private PeerConfig() {
  }

  /** A member of {@code cluster}; joins the member at {@code join} (host:port) unless null. */
  static Config member(String cluster, String join) {
    Config config = new Config();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", LOOPBACK);
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0); // any free port: parallel runs never clash
    network.setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(LOOPBACK);
    JoinConfig joins = network.getJoin();
    joins.getMulticastConfig().setEnabled(false);
    joins.getAutoDetectionConfig().setEnabled(false);
    joins.getTcpIpConfig().setEnabled(true);
    if (join != null) {
      joins.getTcpIpConfig().addMember(join);
    }
    config.addExecutorConfig(new ExecutorConfig(W1).setPoolSize(1));
    config.addExecutorConfig(new ExecutorConfig(CPU).setPoolSize(1));
    config.addExecutorConfig(new ExecutorConfig(IO).setPoolSize(1_000));
    config.addExecutorConfig(new ExecutorConfig(DEFAULT).setPoolSize(16));
    config.getSerializationConfig().addDataSerializableFactory(Tasks.FACTORY_ID, Tasks.factory());
    return config;
  }

  /** The driver: a (smart) client of {@code cluster} that finds it at {@code address}. */
  static ClientConfig client(String cluster, String address) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().addAddress(address);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
    config.getSerializationConfig().addDataSerializableFactory(Tasks.FACTORY_ID, Tasks.factory());
    return config;
  }
}
