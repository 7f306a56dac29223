package io.tasklane.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the PostgreSQL the tests are given ({@code TASKLANE_TEST_PG_URL},
 * {@code _USER}, {@code _PASSWORD}; {@code eval "$(.ci/postgres.sh)"} sets them), created for one
 * test and dropped after it. A test without them is skipped, saying how to set them.
 */
final class FreshPostgres implements AutoCloseable {

  private final String adminUrl;
  private final String user;
  private final String password;
  private final String database;

  private FreshPostgres(String adminUrl, String user, String password, String database) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  /** Creates {@code <prefix>_<time>_<pid>}; skips the calling test (named {@code test}) without PostgreSQL. */
  static FreshPostgres create(String test, String prefix) throws SQLException {
    String adminUrl = System.getenv("TASKLANE_TEST_PG_URL");
    Assumptions.assumeTrue(adminUrl != null && !adminUrl.isBlank(),
        test + " needs PostgreSQL: set TASKLANE_TEST_PG_URL, TASKLANE_TEST_PG_USER and "
            + "TASKLANE_TEST_PG_PASSWORD (eval \"$(.ci/postgres.sh)\" does)");
    FreshPostgres fresh = new FreshPostgres(adminUrl, System.getenv("TASKLANE_TEST_PG_USER"),
        System.getenv("TASKLANE_TEST_PG_PASSWORD"),
        prefix + "_" + Long.toString(System.currentTimeMillis(), 36) + "_" + ProcessHandle.current().pid());
    fresh.execute("CREATE DATABASE " + fresh.database);
    return fresh;
  }

  String jdbcUrl() {
    return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  @Override
  public void close() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
