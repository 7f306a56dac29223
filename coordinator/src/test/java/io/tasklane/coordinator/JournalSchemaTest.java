package io.tasklane.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalSchemaTest {

  @Test
  void h2KeepsPayloadsInTheRowAndCanRunTwice() throws Exception {
    String url = "jdbc:h2:mem:journal-schema-test;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";
    JournalSchema.create(url, "sa", "", JournalSchema.H2_SCRIPT);
    JournalSchema.create(url, "sa", "", JournalSchema.H2_SCRIPT); // a restart: nothing to create

    List<String> types = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        ResultSet rows = db.createStatement().executeQuery("select TABLE_NAME, COLUMN_NAME, DATA_TYPE"
            + " from INFORMATION_SCHEMA.COLUMNS where COLUMN_NAME like '%payload' order by 1, 2")) {
      while (rows.next()) {
        types.add(rows.getString(1) + "." + rows.getString(2) + " " + rows.getString(3));
      }
      var insert = db.prepareStatement("insert into \"event_journal\" (\"persistence_id\", \"sequence_number\","
          + " \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
          + " \"event_ser_manifest\") values ('p', 1, 'w', 0, '', ?, 1, 'm')");
      byte[] payload = new byte[300_000];
      payload[299_999] = 7;
      insert.setBytes(1, payload);
      insert.executeUpdate();
      try (ResultSet read = db.createStatement().executeQuery("select \"event_payload\" from \"event_journal\"")) {
        assertThat(read.next()).isTrue();
        assertThat(read.getBytes(1)).isEqualTo(payload);
      }
    }
    assertThat(types).contains("event_journal.event_payload BINARY VARYING", "event_journal.meta_payload BINARY VARYING",
        "snapshot.snapshot_payload BINARY VARYING", "durable_state.state_payload BINARY VARYING");
    assertThat(types).noneMatch(type -> type.endsWith("LOB"));
  }

  @Test
  void h2OrderingIsIndexedOnceByItsUniqueConstraint() throws Exception {
    String url = "jdbc:h2:mem:journal-schema-index-test;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";
    JournalSchema.create(url, "sa", "", JournalSchema.H2_SCRIPT);
    List<String> orderingIndexes = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        ResultSet rows = db.createStatement().executeQuery("select INDEX_NAME from INFORMATION_SCHEMA.INDEX_COLUMNS"
            + " where TABLE_NAME = 'event_journal' and COLUMN_NAME = 'ordering'")) {
      while (rows.next()) {
        orderingIndexes.add(rows.getString(1));
      }
    }
    assertThat(orderingIndexes).hasSize(1);
  }

  @Test
  void h2KeysTheRowsByOrderingAndKeepsEachEventOfAnIdUnique() throws Exception {
    String url = "jdbc:h2:mem:journal-schema-key-test;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";
    JournalSchema.create(url, "sa", "", JournalSchema.H2_SCRIPT);
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      List<String> indexes = new ArrayList<>();
      try (ResultSet rows = db.createStatement().executeQuery("select i.INDEX_TYPE_NAME, c.COLUMN_NAME"
          + " from INFORMATION_SCHEMA.INDEXES i join INFORMATION_SCHEMA.INDEX_COLUMNS c"
          + " on i.INDEX_NAME = c.INDEX_NAME and i.TABLE_NAME = c.TABLE_NAME"
          + " where i.TABLE_NAME = 'event_journal' order by 1, c.ORDINAL_POSITION")) {
        while (rows.next()) {
          indexes.add(rows.getString(1) + " " + rows.getString(2));
        }
      }
      assertThat(indexes).containsExactly("PRIMARY KEY ordering", "UNIQUE INDEX persistence_id", "UNIQUE INDEX sequence_number");
      var insert = db.prepareStatement("insert into \"event_journal\" (\"persistence_id\", \"sequence_number\","
          + " \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
          + " \"event_ser_manifest\") values (?, 1, 'w', 0, '', X'01', 1, 'm')");
      insert.setString(1, "a");
      insert.executeUpdate();
      insert.setString(1, "b");
      insert.executeUpdate();
      insert.setString(1, "a");
      assertThatThrownBy(insert::executeUpdate).as("a second event 1 of a").isInstanceOf(java.sql.SQLException.class);
      try (ResultSet rows = db.createStatement().executeQuery("select \"ordering\" from \"event_journal\" order by 1")) {
        List<Long> orderings = new ArrayList<>();
        while (rows.next()) {
          orderings.add(rows.getLong(1));
        }
        assertThat(orderings).containsExactly(1L, 2L);
      }
    }
  }
}
