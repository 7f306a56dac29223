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
 * Creates the journal's tables if they are missing: on H2 with persistence-jdbc's own helper,
 * on PostgreSQL with the schema script the plugin ships, made idempotent (several coordinators
 * may start at once).
 */
final class JournalSchema {

  private static final String POSTGRES_SCRIPT = "schema/postgres/postgres-create-schema.sql";

  private JournalSchema() {}

  static CompletionStage<Done> createIfMissing(ActorSystem<?> system) {
    Config db = system.settings().config().getConfig("jdbc-journal.slick.db");
    String url = db.getString("url");
    if (!url.startsWith("jdbc:postgresql:")) {
      return SchemaUtils.createIfNotExists(system);
    }
    // JDBC blocks: run it on a virtual thread, never on an actor's thread.
    return CompletableFuture.supplyAsync(() -> {
      try {
        createPostgres(url, db.getString("user"), db.getString("password"));
        return Done.getInstance();
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("cannot create the journal tables at " + url + ": " + e.getMessage(), e);
      }
    }, Thread::startVirtualThread);
  }

  private static void createPostgres(String url, String user, String password) throws SQLException, IOException {
    String script;
    try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(POSTGRES_SCRIPT)) {
      if (in == null) {
        throw new IOException(POSTGRES_SCRIPT + " is not on the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    script = script
        .replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ")
        .replace("CREATE INDEX CONCURRENTLY ", "CREATE INDEX IF NOT EXISTS ");
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
}
