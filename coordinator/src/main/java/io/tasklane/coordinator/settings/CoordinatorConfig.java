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
      url = "jdbc:h2:file:" + Path.of(dataDir).toAbsolutePath().resolve("journal") + ";DATABASE_TO_UPPER=false";
    }
    if (url.startsWith("jdbc:h2:file:")) {
      // WRITE_DELAY=0: a commit reaches the file before the journal confirms it. H2's default
      // (500 ms) keeps commits in memory that long, so a kill -9 lost jobs and tasks that had
      // already been acknowledged (CoordinatorRestartIT).
      url = withSetting(url, "WRITE_DELAY", "0");
      // Each commit writes again every B-tree page it changed, whole: pages split at 2 KB
      // instead of 4 KB made a one-task request write ~18 KB to the file instead of ~45-53 KB,
      // and the coordinator spent 24% of its samples in H2 instead of 30% (a journal row of a
      // few hundred bytes; rows of result batches are larger than a page either way).
      url = withSetting(url, "PAGE_SIZE", "2048");
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

  /** {@code url} with {@code name=value} added, unless the user set {@code name} in it already. */
  private static String withSetting(String url, String name, String value) {
    return url.toUpperCase(java.util.Locale.ROOT).contains(";" + name + "=") ? url : url + ";" + name + "=" + value;
  }
}
