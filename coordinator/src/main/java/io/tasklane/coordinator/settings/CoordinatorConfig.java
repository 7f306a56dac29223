package io.tasklane.coordinator.settings;

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
   * Resolves the journal's database: an H2 file under {@code tasklane.coordinator.data-dir}
   * when the URL is the in-memory default and a data dir is set; the Slick profile and JDBC
   * driver follow the URL (PostgreSQL for several coordinators, H2 otherwise). The result is
   * written to every persistence-jdbc plugin's {@code slick} block.
   */
  public static Config withJournal(Config config) {
    String dataDir = config.getString("tasklane.coordinator.data-dir");
    String url = config.getString("tasklane.jdbc.db.url");
    if (!dataDir.isBlank() && url.startsWith("jdbc:h2:mem:")) {
      Path file = Path.of(dataDir).toAbsolutePath().resolve("journal");
      // WRITE_DELAY=0: a commit reaches the file before the journal confirms it. H2's default
      // (500 ms) keeps commits in memory that long, so a kill -9 lost jobs and tasks that had
      // already been acknowledged (CoordinatorRestartIT).
      url = "jdbc:h2:file:" + file + ";DATABASE_TO_UPPER=false;WRITE_DELAY=0";
    } else if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY")) {
      url = url + ";WRITE_DELAY=0"; // a configured H2 file: the same durability
    }
    boolean postgres = url.startsWith("jdbc:postgresql:");
    String profile = postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$";
    String driver = postgres ? "org.postgresql.Driver" : "org.h2.Driver";
    Config resolved = config;
    for (String block : new String[] {"tasklane.jdbc", "jdbc-journal.slick", "jdbc-snapshot-store.slick",
        "jdbc-read-journal.slick"}) {
      resolved = resolved
          .withValue(block + ".db.url", ConfigValueFactory.fromAnyRef(url))
          .withValue(block + ".db.driver", ConfigValueFactory.fromAnyRef(driver))
          .withValue(block + ".profile", ConfigValueFactory.fromAnyRef(profile));
    }
    return resolved;
  }
}
