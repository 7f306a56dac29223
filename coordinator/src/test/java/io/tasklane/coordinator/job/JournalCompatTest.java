package io.tasklane.coordinator.job;

import static io.tasklane.coordinator.job.Jobs.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.Foreach;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Journals written before must still read: each event below is the bytes an earlier build
 * journaled (written by the build before the coordinator owned its events, when results were
 * the wire's TaskOutcome), read with this build's serializer under the manifest it was
 * journaled with. Older shapes of an outcome (a map; an output as a tree) are made from them.
 */
class JournalCompatTest {

  private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.load());
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(KIT.system()));
  private static final CBORMapper CBOR = new CBORMapper();
  private static final String EVENT = "io.tasklane.coordinator.job.JobEvent$";

  /** ResultsRecorded("w:1", [7 succeeded {"v":1} t-1, 8 timed_out "timed out", 9 failed "boom é" t-2], 1234567890123). */
  private static final String RESULTS_RECORDED = "bf66776f726b657263773a31686f7574636f6d6573839f0769737563636565646564477b2276"
      + "223a317df60263742d31ff9f086974696d65645f6f7574f66974696d6564206f757401f6ff9f09666661696c6564f667626f6f6d20c3a9"
      + "0363742d32ff6261741b0000011f71fb04cbff";
  private static final String JOB_SUBMITTED = "bf656a6f624964636a2d316473706563bf626964636a2d31646e616d65646e616d6565"
      + "7461736b7382bf62696461616474797065646e6f6f70646c616e6562696f65696e707574a1617664247b697d6974696d656f75744d7319"
      + "03e8677265747269657302636b6579616b667265706561740367666f7265616368f6646c696e6504ffbf626964f6647479706566736861"
      + "323536646c616e656363707565696e707574a06974696d656f75744d7300677265747269657300636b6579f666726570656174f667666f"
      + "7265616368bf6466696c65f6656c696e6573f66466726f6d0562746f09ff646c696e6507ff646f70656ef5ff626174182aff";
  private static final String TASKS_APPENDED = "bf657461736b7381bf626964f66474797065646e6f6f70646c616e6562696f65696e7075"
      + "74a1617664247b697d6974696d656f75744d7300677265747269657300636b6579f6667265706561740267666f7265616368f6646c696e"
      + "6501ff62617405636b6579636b2d61ff";
  private static final String JOB_CANCELLED = "bf626174184dff";
  private static final String JOB_CLOSED = "bf626174184eff";

  @AfterAll
  static void shutDown() throws Exception {
    KIT.shutdownTestKit();
  }

  private static Object read(String hex, String event) throws Exception {
    return read(HexFormat.of().parseHex(hex), event);
  }

  private static Object read(byte[] bytes, String event) throws Exception {
    Serializer serializer = SERIALIZATION.serializerFor(JobEvent.JobClosed.class);
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), EVENT + event).get();
  }

  private static byte[] write(JobEvent event) throws Exception {
    Serializer serializer = SERIALIZATION.serializerFor(event.getClass());
    assertThat(Serializers.manifestFor(serializer, event)).as("the manifest journaled")
        .isEqualTo(EVENT + event.getClass().getSimpleName());
    return SERIALIZATION.serialize(event).get();
  }

  private static JobEvent.ResultsRecorded recorded() {
    return new JobEvent.ResultsRecorded("w:1", RecordedOutcomes.of(List.of(
        new TaskOutcome(7, TaskStatus.SUCCEEDED, RawJson.of(JSON.objectNode().put("v", 1)), null, 2, "t-1"),
        new TaskOutcome(8, TaskStatus.TIMED_OUT, null, "timed out", 1, null),
        new TaskOutcome(9, TaskStatus.FAILED, null, "boom \u00e9", 3, "t-2"))), 1234567890123L);
  }

  @Test
  void resultsJournaledAsArraysOfTheWireOutcomeReadAndAreWrittenInTheSameShape() throws Exception {
    assertThat(read(RESULTS_RECORDED, "ResultsRecorded")).isEqualTo(recorded());

    JsonNode written = CBOR.readTree(write(recorded()));
    assertThat(written).as("the compact array form, as journaled before").isEqualTo(CBOR.readTree(HexFormat.of().parseHex(RESULTS_RECORDED)));
    assertThat(written.get("outcomes").get(0).isArray()).isTrue();
    assertThat(written.get("outcomes").get(0).get(2).isBinary()).as("the output as a byte string of its JSON").isTrue();
  }

  @Test
  void resultsJournaledAsMapsByOlderVersionsStillRead() throws Exception {
    ObjectNode tree = (ObjectNode) CBOR.readTree(HexFormat.of().parseHex(RESULTS_RECORDED));
    ArrayNode older = tree.putArray("outcomes");
    older.addObject().put("x", 7).put("s", "succeeded").put("o", "{\"v\":1}".getBytes(StandardCharsets.UTF_8))
        .putNull("e").put("a", 2).put("th", "t-1");
    older.addObject().put("x", 8).put("s", "timed_out").put("e", "timed out").put("a", 1).put("later", "ignored");
    older.addObject().put("x", 9).put("s", "failed").put("e", "boom \u00e9").put("a", 3).put("th", "t-2");

    assertThat(read(CBOR.writeValueAsBytes(tree), "ResultsRecorded")).isEqualTo(recorded());
  }

  /** The oldest journals hold an output as a tree; bytes a handler returned read as their base64 string. */
  @Test
  void outputsJournaledAsTreesReadAsTheirJsonText() throws Exception {
    ObjectNode tree = (ObjectNode) CBOR.readTree(HexFormat.of().parseHex(RESULTS_RECORDED));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
    ArrayNode oldest = tree.putArray("outcomes");
    oldest.addObject().put("x", 3).put("s", "succeeded").put("a", 1).put("th", "t")
        .putObject("o").put("v", 1).putArray("list").add("a");
    oldest.addObject().put("x", 4).put("s", "succeeded").put("o", png).put("a", 1);

    RecordedOutcomes outcomes = ((JobEvent.ResultsRecorded) read(CBOR.writeValueAsBytes(tree), "ResultsRecorded")).outcomes();
    assertThat(new String(outcomes.output(0), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1,\"list\":[\"a\"]}");
    assertThat(new String(outcomes.output(1), StandardCharsets.UTF_8))
        .isEqualTo("\"" + Base64.getEncoder().encodeToString(png) + "\"");
  }

  @Test
  void aCutShortOrStatuslessOutcomeIsRefused() throws Exception {
    ObjectNode tree = (ObjectNode) CBOR.readTree(HexFormat.of().parseHex(RESULTS_RECORDED));
    tree.putArray("outcomes").addArray().add(9).add("succeeded");
    assertThatThrownBy(() -> read(CBOR.writeValueAsBytes(tree), "ResultsRecorded")).hasMessageContaining("cut short");
    tree.putArray("outcomes").addObject().put("x", 9);
    assertThatThrownBy(() -> read(CBOR.writeValueAsBytes(tree), "ResultsRecorded")).hasMessageContaining("without a status");
    tree.putArray("outcomes").addArray().add(9).add("exploded").addNull().addNull().add(1).addNull();
    assertThatThrownBy(() -> read(CBOR.writeValueAsBytes(tree), "ResultsRecorded")).hasMessageContaining("unknown task status");
  }

  @Test
  void submitsAppendsCancelsAndClosesReadAsJournaledAndAreWrittenAsBefore() throws Exception {
    JobEvent submitted = new JobEvent.JobSubmitted("j-1", RecordedSpec.of(spec()), 42L);
    JobEvent appended = new JobEvent.TasksAppended(RecordedTemplate.of(List.of(
        new TaskTemplate(null, "noop", Lane.IO, JSON.objectNode().put("v", "${i}"), 0, 0, null, 2, 1))), 5L, "k-a");
    assertThat(read(JOB_SUBMITTED, "JobSubmitted")).isEqualTo(submitted);
    assertThat(read(TASKS_APPENDED, "TasksAppended")).isEqualTo(appended);
    assertThat(read(JOB_CANCELLED, "JobCancelled")).isEqualTo(new JobEvent.JobCancelled(77L));
    assertThat(read(JOB_CLOSED, "JobClosed")).isEqualTo(new JobEvent.JobClosed(78L));

    assertThat(HexFormat.of().formatHex(write(submitted))).as("the same bytes as the job-file model wrote")
        .isEqualTo(JOB_SUBMITTED);
    assertThat(HexFormat.of().formatHex(write(appended))).isEqualTo(TASKS_APPENDED);
    assertThat(HexFormat.of().formatHex(write(new JobEvent.JobClosed(78L)))).isEqualTo(JOB_CLOSED);
  }

  @Test
  void aJournaledSpecIsTheSubmittedSpecAgain() {
    JobSpec spec = new JobSpec("j-2", null, List.of(
        new TaskTemplate("f", "noop", Lane.CPU, JSON.objectNode().put("line", "${line}"), 5, 1, "k", null,
            Foreach.ofLines("items.txt", List.of("a", "b")), 3),
        new TaskTemplate(null, "noop", Lane.IO, JSON.objectNode(), 0, 0, null, null, 9)), false);
    assertThat(RecordedSpec.of(spec).spec()).isEqualTo(spec);
  }

  /** A recovered job from an old journal: the events above, replayed into a ledger. */
  @Test
  void anOldJournalReplaysIntoALedger() throws Exception {
    var submitted = (JobEvent.JobSubmitted) read(JOB_SUBMITTED, "JobSubmitted");
    JobLedger ledger = new JobLedger("j-1", submitted.spec().spec(), submitted.at());
    assertThat(ledger.spec()).isEqualTo(spec());
    ledger.apply((JobEvent) read(TASKS_APPENDED, "TasksAppended"));
    ledger.apply((JobEvent) read(RESULTS_RECORDED, "ResultsRecorded"));
    ledger.apply((JobEvent) read(JOB_CLOSED, "JobClosed"));

    assertThat(ledger.total()).isEqualTo(3 + 4 + 2);
    assertThat(ledger.phase()).isEqualTo(JobPhase.RUNNING);
    assertThat(ledger.appendedUnder("k-a").first()).isEqualTo(7);
    assertThat(ledger.results(7, 3, false, Long.MAX_VALUE).lines())
        .contains("\"id\":\"7\",\"type\":\"noop\",\"lane\":\"io\",\"status\":\"succeeded\",\"output\":{\"v\":1},\"error\":null,\"attempts\":2,\"worker\":\"w:1\",\"thread\":\"t-1\"")
        .contains("\"status\":\"timed_out\"");
    ledger.apply((JobEvent) read(JOB_CANCELLED, "JobCancelled"));
    assertThat(ledger.phase()).isEqualTo(JobPhase.CANCELLED);
  }

  /** What {@link #JOB_SUBMITTED} holds. */
  private static JobSpec spec() {
    return new JobSpec("j-1", "name", List.of(
        new TaskTemplate("a", "noop", Lane.IO, JSON.objectNode().put("v", "${i}"), 1000, 2, "k", 3, 4),
        new TaskTemplate(null, "sha256", Lane.CPU, JSON.objectNode(), 0, 0, null, null, Foreach.ofRange(5, 9), 7)), true);
  }
}
