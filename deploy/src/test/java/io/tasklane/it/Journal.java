package io.tasklane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A coordinator's journal read directly: the rows of the embedded H2 file ({@code
 * .tasklane/data/journal.mv.db}), each event decoded from its stored CBOR as a plain tree. Nothing of the coordinator's own code reads it, so a result
 * journaled twice, or replaced, shows here even where {@code /results} would hide it.
 */
final class Journal {

  /** The class name that ends the manifest of a batch of results. */
  static final String RESULTS = "$ResultsRecorded";
  static final String PERSISTENCE_PREFIX = "tasklane-job|";

  /** One outcome as stored: {@code [index, status, output, error, attempts, thread]}. */
  record Outcome(int index, String status, String error, int attempts, long sequenceNr) {}

  /** One stored event of a job. */
  record Event(long sequenceNr, String manifest, JsonNode payload) {}

  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  private final Path dataDir;
  private final String jdbcUrl;
  private final String user;
  private final String password;

  Journal(Path dataDir) {
    this(dataDir, null, "sa", "");
  }

  private Journal(Path dataDir, String jdbcUrl, String user, String password) {
    this.dataDir = dataDir;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The journal in a database the coordinators share (PostgreSQL), read with its URL and login. */
  static Journal at(String jdbcUrl, String user, String password) {
    return new Journal(null, jdbcUrl, user, password);
  }

  /** The journal of the local cluster in {@code work} (started with {@link #URL_ENV} = {@link #url}). */
  static Journal ofLocalCluster(Path work) {
    return new Journal(work.resolve(".tasklane/data"));
  }

  /** The environment variable that sets the coordinator's journal URL. */
  static final String URL_ENV = "TASKLANE_JDBC_URL";

  /**
   * The coordinator's own H2 file URL plus {@code AUTO_SERVER}: H2 then lets this test JVM read the
   * file while the coordinator has it open (through a server in the coordinator). Never read it
   * while the coordinator is down: the reader would become the file's owner.
   */
  String url() {
    if (jdbcUrl != null) {
      return jdbcUrl;
    }
    return "jdbc:h2:file:" + dataDir.resolve("journal").toAbsolutePath()
        + ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;PAGE_SIZE=2048;AUTO_SERVER=TRUE";
  }

  /** Every event of {@code job}, in sequence. */
  List<Event> events(String job) throws Exception {
    List<Event> events = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(url(), user, password);
        PreparedStatement query = db.prepareStatement("select sequence_number, event_ser_manifest, event_payload "
            + "from event_journal where persistence_id = ? and deleted = false order by sequence_number")) {
      query.setString(1, PERSISTENCE_PREFIX + job);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(new Event(rows.getLong(1), rows.getString(2), CBOR.readTree(rows.getBytes(3))));
        }
      }
    }
    return events;
  }

  /** {@code job}'s events of one kind ({@code "JobCancelled"}, {@code "TasksAppended"}…), in sequence. */
  List<Event> events(String job, String kind) throws Exception {
    return events(job).stream().filter(event -> event.manifest().endsWith("$" + kind)).toList();
  }

  /** Every outcome journaled for {@code job}, in the order recorded (a task recorded twice shows twice). */
  List<Outcome> outcomes(String job) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    for (Event event : events(job)) {
      if (!event.manifest().endsWith(RESULTS)) {
        continue;
      }
      for (JsonNode outcome : event.payload().get("outcomes")) {
        outcomes.add(new Outcome(outcome.get(0).asInt(), outcome.get(1).asText(),
            outcome.get(3).isNull() ? null : outcome.get(3).asText(), outcome.get(4).asInt(), event.sequenceNr()));
      }
    }
    return outcomes;
  }
}
