package io.tasklane.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;

/** Configuration the node launcher derives before the ActorSystem starts. */
public final class CoordinatorConfig {

  private CoordinatorConfig() {}

  /**
   * Pekko settings the coordinator role needs (journal plugins, sharding passivation, HTTP
   * limits); the launcher puts them above every reference.conf, below application.conf.
   */
  public static Config defaults() {
    return ConfigFactory.parseResources(CoordinatorConfig.class.getClassLoader(), "tasklane-coordinator.conf");
  }

  /**
   * Points the embedded H2 journal at {@code tasklane.coordinator.data-dir} (a file database),
   * unless the data dir is empty (in memory) or the JDBC URL was set explicitly to something
   * other than the in-memory default.
   */
  public static Config withJournal(Config config) {
    String dataDir = config.getString("tasklane.coordinator.data-dir");
    if (dataDir.isBlank() || !config.getString("tasklane.jdbc.db.url").startsWith("jdbc:h2:mem:")) {
      return config;
    }
    Path file = Path.of(dataDir).toAbsolutePath().resolve("journal");
    String url = "jdbc:h2:file:" + file + ";DATABASE_TO_UPPER=false";
    Config withUrl = config;
    for (String plugin : new String[] {"tasklane.jdbc", "jdbc-journal.slick", "jdbc-snapshot-store.slick",
        "jdbc-read-journal.slick"}) {
      withUrl = withUrl.withValue(plugin + ".db.url", ConfigValueFactory.fromAnyRef(url));
    }
    return withUrl;
  }
}
