package io.tasklane.coordinator;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * Creates the journal's tables if they are missing, with the schema script the plugin ships for
 * the database, made idempotent (several coordinators may start at once). On H2 the payload
 * columns are {@code VARBINARY} instead of the script's {@code BLOB}: H2 keeps a BLOB of more than
 * a few hundred bytes (every group of results is) in its separate LOB store, written as a
 * temporary LOB first and copied, with a clean-up on each commit; a VARBINARY is kept in the row.
 * Tables created earlier (with BLOBs) are left as they are: both read and write alike.
 */
final class JournalSchema {

  private static final String POSTGRES_SCRIPT = "schema/postgres/postgres-create-schema.sql";
  static final String H2_SCRIPT = "schema/h2/h2-create-schema.sql";

  private JournalSchema() {}

  static CompletionStage<Done> createIfMissing(ActorSystem<?> system) {
    Config db = system.settings().config().getConfig("jdbc-journal.slick.db");
    String url = db.getString("url");
    String script;
    if (url.startsWith("jdbc:postgresql:")) {
      script = POSTGRES_SCRIPT;
    } else if (url.startsWith("jdbc:h2:")) {
      script = H2_SCRIPT;
    } else {
      return SchemaUtils.createIfNotExists(system);
    }
    // JDBC blocks: run it on a virtual thread, never on an actor's thread.
    return CompletableFuture.supplyAsync(() -> {
      try {
        create(url, db.getString("user"), db.getString("password"), script);
        return Done.getInstance();
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("cannot create the journal tables at " + url + ": " + e.getMessage(), e);
      }
    }, Thread::startVirtualThread);
  }

  static void create(String url, String user, String password, String resource) throws SQLException, IOException {
    String script = idempotent(read(resource));
    if (resource.equals(H2_SCRIPT)) {
      script = inRow(script);
    }
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        for (String sql : script.split(";")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
        return;
      } catch (SQLException e) {
        // Two coordinators creating the same table at once: one loses a race; try again.
        last = e;
      }
    }
    throw last;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The script's statements, each harmless when what it creates exists. */
  static String idempotent(String script) {
    return script
        .replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ")
        .replace("CREATE INDEX CONCURRENTLY ", "CREATE INDEX IF NOT EXISTS ");
  }

  /**
   * H2: payloads kept in the row ({@code VARBINARY}, up to 1,000,000,000 bytes) rather than as
   * LOBs; and {@code ordering} as the primary key, {@code (persistence_id, sequence_number)}
   * unique: H2 keys a table's rows by a one-column integer primary key itself, while the script's
   * two-column key and the unique {@code ordering} were each one more B-tree beside the rows (and
   * the script's second index on {@code ordering} a third), every one of them written again on
   * every commit. A one-task request wrote ~53 KB to the file with the script's keys, ~45 KB with
   * these. The constraints are the same; tables created earlier are left as they are.
   */
  static String inRow(String h2Script) {
    return h2Script.replace(" BLOB NOT NULL", " VARBINARY NOT NULL").replace(" BLOB,", " VARBINARY,")
        .replace(" BLOB\n", " VARBINARY\n")
        .replace("\"ordering\" BIGINT UNIQUE NOT NULL AUTO_INCREMENT", "\"ordering\" BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY")
        // event_journal's key (the one followed by the ordering index, not snapshot's), and that index
        .replaceFirst("PRIMARY KEY\\(\"persistence_id\",\"sequence_number\"\\)(\\s*\\);)\\s*"
            + "CREATE UNIQUE INDEX IF NOT EXISTS \"event_journal_ordering_idx\"[^;]*;", "UNIQUE(\"persistence_id\",\"sequence_number\")$1");
  }
}
