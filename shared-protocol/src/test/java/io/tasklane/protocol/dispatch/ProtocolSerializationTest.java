package io.tasklane.protocol.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.codec.BatchSerializer;
import io.tasklane.protocol.Lane;
import io.tasklane.spi.LaneChoice;
import io.tasklane.protocol.job.Foreach;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.plugin.PluginProtocol;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every protocol record survives its serializer (jackson-cbor, or the batch codec) unchanged. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
class ProtocolSerializationTest {

  /** The holders whose nested records cross node boundaries. */
  private static final List<Class<?>> PROTOCOLS =
      List.of(BrokerProtocol.class, LaneProtocol.class, ResultProtocol.class, JobProtocol.class,
          JobIndexProtocol.class, PluginProtocol.class);

  /** Records outside the holders that travel inside their messages. */
  private static final List<Class<?>> CARRIED =
      List.of(JobSpec.class, TaskTemplate.class, Foreach.class, TaskSpec.class, TaskOutcome.class);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ConfigFactory.parseString("pekko.actor.serialize-messages = on")
          .withFallback(ConfigFactory.load()))
      .build();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The batch messages that {@link BatchSerializer} writes; every other record goes to jackson-cbor. */
  private static final Set<Class<?>> BATCHES =
      Set.of(LaneProtocol.AssignTasks.class, ResultProtocol.ReportResults.class, JobProtocol.RecordResults.class);

  @Test
  void everySampleRoundTripsThroughItsSerializer() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    List<Object> samples = samples();
    assertThat(samples).hasSizeGreaterThan(25);
    Set<Class<?>> batched = new HashSet<>();

    for (Object sample : samples) {
      Serializer serializer = serialization.serializerFor(sample.getClass());
      if (BATCHES.contains(sample.getClass())) {
        assertThat(serializer).as("serializer of %s", sample.getClass().getName()).isInstanceOf(BatchSerializer.class);
        assertThat(serializer.identifier()).isEqualTo(BatchSerializer.IDENTIFIER);
        batched.add(sample.getClass());
      } else {
        assertThat(serializer).as("serializer of %s", sample.getClass().getName())
            .isInstanceOf(JacksonCborSerializer.class);
        assertThat(serializer.identifier()).isEqualTo(33);
      }

      byte[] bytes = serialization.serialize(sample).get();
      String manifest = Serializers.manifestFor(serializer, sample);
      Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

      assertThat(back).as("round trip of %s", sample).isEqualTo(sample);
    }
    assertThat(batched).isEqualTo(BATCHES);
  }

  /** A task's input of JSON null, numbers of every kind, bytes and a key survive the batch codec. */
  @Test
  void taskInputsOfEveryKindRoundTrip() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    ActorRef<ResultProtocol.Command> results = testKit.<ResultProtocol.Command>createTestProbe().ref();
    LaneProtocol.AssignTasks sent = new LaneProtocol.AssignTasks("job-1", List.of(
        new TaskSpec(0, "a", "noop", Lane.IO, com.fasterxml.jackson.databind.node.NullNode.getInstance(), 0, 0, "k"),
        new TaskSpec(Integer.MAX_VALUE, "b", "noop", Lane.CPU,
            json("{\"big\":12345678901234,\"neg\":-1,\"f\":0.1,\"s\":\"\u00e9\u4e2d\",\"t\":true,\"a\":[]}"),
            Long.MAX_VALUE, 3, null),
        new TaskSpec(1, "c", "noop", Lane.IO, JSON.createObjectNode().put("fl", 1.5f)
            .put("bigint", new java.math.BigInteger("123456789012345678901234567890"))
            .put("dec", new java.math.BigDecimal("1.25")).put("bin", new byte[] {1, 2, 3}), 0, 0, null)), results);

    assertThat(roundTrip(serialization, sent)).isEqualTo(sent);
    LaneProtocol.AssignTasks none = new LaneProtocol.AssignTasks("job-2", List.of(), results);
    assertThat(roundTrip(serialization, none)).isEqualTo(none);
  }

  private static Object roundTrip(Serialization serialization, Object message) throws Exception {
    Serializer serializer = serialization.serializerFor(message.getClass());
    return serialization.deserialize(serialization.serialize(message).get(), serializer.identifier(),
        Serializers.manifestFor(serializer, message)).get();
  }

  /** The codec's records are plain: the wire format lives in the codec, not on them. */
  @Test
  void theBatchRecordsCarryNoWireAnnotations() {
    for (Class<?> type : List.of(TaskSpec.class, LaneProtocol.AssignTasks.class, ResultProtocol.ReportResults.class,
        JobProtocol.RecordResults.class)) {
      assertThat(type.getAnnotations()).as("annotations of %s", type.getName()).isEmpty();
      for (RecordComponent component : type.getRecordComponents()) {
        assertThat(component.getAnnotations()).as("annotations of %s.%s", type.getName(), component.getName()).isEmpty();
      }
    }
  }

  /** No output stays no output (not a JSON null, not empty bytes). */
  @Test
  void anOutcomeWithoutOutputArrivesWithoutOutput() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    ResultProtocol.ReportResults sent = new ResultProtocol.ReportResults("job-1", "w:1", Lane.IO,
        List.of(new TaskOutcome(0, TaskStatus.FAILED, null, "boom", 1, "t")));
    byte[] bytes = serialization.serialize(sent).get();
    Serializer serializer = serialization.serializerFor(sent.getClass());

    Object back = serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, sent)).get();

    assertThat(((ResultProtocol.ReportResults) back).outcomes().get(0).output()).isNull();
    assertThat(back).isEqualTo(sent);
  }

  /** Task specs travel as arrays (the worker decodes no property names); nothing else changes. */
  @Test
  void taskSpecsTravelAsArrays() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    TaskSpec spec = new TaskSpec(7, "t-7", "noop", Lane.IO, json("{\"i\":\"7\"}"), 0, 1, null);
    ActorRef<ResultProtocol.Command> results = testKit.<ResultProtocol.Command>createTestProbe().ref();
    byte[] bytes = serialization.serialize(new LaneProtocol.AssignTasks("job-1", List.of(spec), results)).get();

    com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper().readTree(bytes);
    assertThat(tree.isArray()).as("%s", tree).isTrue();
    assertThat(tree.get(0).asText()).isEqualTo("job-1");
    assertThat(tree.get(2).get(0).isArray()).as("%s", tree).isTrue();
    assertThat(tree.get(2).get(0).get(4)).isEqualTo(json("{\"i\":\"7\"}"));
  }

  /**
   * Outcomes travel as arrays; an array cut short is refused, elements a later version adds are
   * skipped.
   */
  @Test
  void outcomesTravelAsArraysAndAnArrayCutShortIsRefused() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    ResultProtocol.ReportResults sent = new ResultProtocol.ReportResults("job-1", "w:1", Lane.IO, List.of(
        new TaskOutcome(7, TaskStatus.SUCCEEDED, RawJson.of(json("{\"v\":1}")), null, 2, "t-1"),
        new TaskOutcome(8, TaskStatus.TIMED_OUT, null, "timed out", 1, null)));
    Serializer serializer = serialization.serializerFor(sent.getClass());
    String manifest = Serializers.manifestFor(serializer, sent);
    com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper cbor =
        new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    com.fasterxml.jackson.databind.node.ArrayNode tree =
        (com.fasterxml.jackson.databind.node.ArrayNode) cbor.readTree(serialization.serialize(sent).get());
    assertThat(tree.get(3).get(0).isArray()).as("%s", tree).isTrue();
    assertThat(tree.get(3).get(0).get(2).isBinary()).as("the output as bytes of JSON text: %s", tree).isTrue();

    ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get(3).get(1)).add("a later version's addition");
    tree.add("another");
    Object back = serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get();
    assertThat(back).isEqualTo(sent);

    tree.set(3, cbor.createArrayNode().add(cbor.createArrayNode().add(9).add("succeeded"))); // cut short
    assertThatThrownBy(() -> serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get())
        .hasMessageContaining("cut short");
  }

  @Test
  void everyProtocolRecordHasASample() {
    Set<Class<?>> covered = new HashSet<>();
    samples().forEach(sample -> collectRecords(sample, covered));

    Set<Class<?>> required = Stream.concat(
            PROTOCOLS.stream().flatMap(holder -> Arrays.stream(holder.getDeclaredClasses())),
            CARRIED.stream())
        .filter(Class::isRecord)
        .collect(Collectors.toSet());

    assertThat(required).hasSizeGreaterThan(20);
    assertThat(covered)
        .as("add a sample to ProtocolSerializationTest.samples() for each new protocol record")
        .containsAll(required);
  }

  @Test
  void everyProtocolRecordIsBoundToTheCborSerializer() {
    List<Class<?>> records = PROTOCOLS.stream()
        .flatMap(holder -> Arrays.stream(holder.getDeclaredClasses()))
        .filter(Class::isRecord)
        .toList();

    assertThat(records).allSatisfy(type -> assertThat(CborSerializable.class).isAssignableFrom(type));
  }

  @Test
  void everyTaskStatusAndJobStateIsSampled() {
    List<Object> samples = samples();
    Set<Object> values = new HashSet<>();
    samples.forEach(sample -> collectValues(sample, values));

    assertThat(values).contains((Object[]) TaskStatus.values());
    assertThat(values).contains((Object[]) JobProtocol.JobState.values());
    assertThat(values).contains((Object[]) Lane.values());
  }

  private List<Object> samples() {
    ActorRef<LaneProtocol.Command> lane = testKit.<LaneProtocol.Command>createTestProbe().ref();
    ActorRef<BrokerProtocol.Command> broker = testKit.<BrokerProtocol.Command>createTestProbe().ref();
    ActorRef<ResultProtocol.Command> results = testKit.<ResultProtocol.Command>createTestProbe().ref();
    ActorRef<StatusReply<JobProtocol.JobAccepted>> accepted =
        testKit.<StatusReply<JobProtocol.JobAccepted>>createTestProbe().ref();
    ActorRef<JobProtocol.JobLookup> lookup = testKit.<JobProtocol.JobLookup>createTestProbe().ref();
    String worker = "10.0.0.2:17355";

    List<TaskOutcome> outcomes = List.of(
        new TaskOutcome(0, TaskStatus.SUCCEEDED, RawJson.of(json("{\"hex\":\"ab12\",\"n\":[1,2.5,null,true]}")), null, 1,
            "tasklane-cpu-1"),
        new TaskOutcome(1, TaskStatus.FAILED, null, "boom", 3, "pekko.actor.default-dispatcher-4"),
        new TaskOutcome(2, TaskStatus.TIMED_OUT, null, "timed out after 250 ms", 1, "t"),
        new TaskOutcome(3, TaskStatus.CANCELLED, null, "cancelled", 0, null));
    List<TaskSpec> tasks = List.of(
        new TaskSpec(0, "nap", "sleep", Lane.IO, json("{\"ms\":200}"), 30_000, 2, null),
        new TaskSpec(7, "many-4", "factorial", Lane.CPU, json("{\"n\":2000,\"s\":\"4\"}"), 0, 0, "group-a"));
    JobSpec spec = new JobSpec("quick-1", "quickstart", List.of(
        new TaskTemplate("nap", "sleep", Lane.IO, json("{\"ms\":200}"), 30_000, 2, null, null, 7),
        new TaskTemplate(null, "noop", null, json("{\"v\":\"${i}\",\"a\":[{\"b\":1.25}]}"), 0, 0, "k", 1_000_000, 12),
        new TaskTemplate("u", "http.get", Lane.IO, json("{\"url\":\"${line}\"}"), 0, 1, null, null,
            Foreach.ofLines("urls.txt", List.of("http://a", "http://b")), 14),
        new TaskTemplate("r", "noop", Lane.IO, json("{\"v\":\"${i}\"}"), 0, 0, null, null, Foreach.ofRange(5, 10), 20)));
    JobProtocol.LaneCounts counts = new JobProtocol.LaneCounts(10, 2, 3, 2, 1, 1, 1);
    JobProtocol.Grant grant = new JobProtocol.Grant(worker, lane, 8, Set.of(TaskKind.fixed("noop"), TaskKind.auto("hash")));
    BrokerProtocol.GrantUsed used = new BrokerProtocol.GrantUsed(lane, 8, 5);
    BrokerProtocol.LaneInfo laneInfo = new BrokerProtocol.LaneInfo(worker, Lane.CPU, 2, 1, 1);

    List<Object> samples = new ArrayList<>(List.of(
        // BrokerProtocol
        new BrokerProtocol.RegisterLane(worker, Lane.IO, 1024, Map.of(
            "sleep", new TypeOffer("sleep", LaneChoice.IO, Lane.IO, "{\"type\":\"object\"}", "built-in", "naps",
                new TypeOffer.Measured(5, 1.0, 4.5, null, "io type 'sleep' takes 4.5 ms of CPU per start")),
            "hash", new TypeOffer("hash", LaneChoice.AUTO, Lane.CPU, "{}", "plugin words 1.0 (sha256:ab12)", "")),
            lane, -4_611_686_018_427_387_904L),
        new BrokerProtocol.UpdateTypes(lane, Map.of(
            "hash", new TypeOffer("hash", LaneChoice.AUTO, Lane.IO, "{}", "plugin words 1.1 (sha256:cd34)", "hashes",
                new TypeOffer.Measured(20, 0.03, 0.2, Lane.IO, null)))),
        new BrokerProtocol.OfferCredit(lane, 16),
        new BrokerProtocol.JobHasWork("job-1", Lane.CPU, Set.of(TaskKind.fixed("sha256"), TaskKind.auto("hash"))),
        new BrokerProtocol.TasksPulled("job-1", Lane.IO, List.of(used), 42, Set.of(TaskKind.fixed("noop")), 7L),
        new BrokerProtocol.JobIdle("job-1"),
        new BrokerProtocol.CancelEverywhere("job-1", Set.of(lane)),
        new BrokerProtocol.UnregisterLane(lane),
        used,
        new BrokerProtocol.GetCatalog(testKit.<BrokerProtocol.Catalog>createTestProbe().ref()),
        new BrokerProtocol.Catalog(Map.of("noop", Lane.IO, "factorial", Lane.CPU)),
        new BrokerProtocol.Catalog(Map.of("sleep", Lane.IO), Map.of("sleep", List.of(
            new BrokerProtocol.WorkerOffer(worker, new TypeOffer("sleep", LaneChoice.IO, Lane.IO,
                "{\"type\":\"object\"}", "built-in", "naps")),
            new BrokerProtocol.WorkerOffer("w2:1", new TypeOffer("sleep", LaneChoice.IO, Lane.IO, "{}", "built-in", "")))), Set.of("hash")),
        new BrokerProtocol.GetLanes(testKit.<BrokerProtocol.Lanes>createTestProbe().ref()),
        laneInfo,
        new BrokerProtocol.Lanes(List.of(laneInfo, new BrokerProtocol.LaneInfo("w2:1", Lane.IO, 100, 0, 100)), 3,
            Map.of(Lane.IO, 7L, Lane.CPU, 0L), List.of(new BrokerProtocol.MeasuredType("w2:1", "hash", LaneChoice.AUTO,
                new TypeOffer.Measured(12, 0.97, 31.5, Lane.CPU, null)))),
        new BrokerProtocol.MeasuredType("w2:1", "fetch", LaneChoice.IO, new TypeOffer.Measured(3, 1.0, 8.0, null, "burns")),
        // LaneProtocol
        new LaneProtocol.AssignTasks("job-1", tasks, results),
        new LaneProtocol.CancelJob("job-1"),
        new LaneProtocol.ResultsRecorded("job-1"),
        // ResultProtocol
        new ResultProtocol.ReportResults("job-1", worker, Lane.CPU, outcomes),
        new ResultProtocol.ConfirmRecorded("job-1", lane),
        // JobProtocol
        new JobProtocol.SubmitJob(spec, 1_700_000_000_000L, accepted),
        new JobProtocol.SubmitJob(new JobSpec(null, null, spec.tasks()), 0, accepted),
        new JobProtocol.SubmitJob(new JobSpec(null, "stream", List.of(), true), 0, accepted),
        new JobProtocol.AppendTasks(spec.tasks(), "k-0123456789abcdef0123", testKit.<JobProtocol.Appended>createTestProbe().ref()),
        new JobProtocol.Appended(null, 0, 0, "job 'j' takes no more tasks", false),
        new JobProtocol.AppendTasks(spec.tasks(), null, true, testKit.<JobProtocol.Appended>createTestProbe().ref()),
        new JobProtocol.Appended(null, 0, 0, "too many requests wait on job 'j'", false, true),
        new JobProtocol.CloseJob(lookup),
        new JobProtocol.AwaitTasks(12, 3, testKit.<JobProtocol.TasksEnded>createTestProbe().ref()),
        new JobProtocol.TasksEnded("{\"id\":\"12\"}\n", true),
        new JobProtocol.GetJob(lookup),
        new JobProtocol.GetResults(100, 500, true, testKit.<JobProtocol.ResultsPage>createTestProbe().ref()),
        new JobProtocol.CancelJob(lookup),
        new JobProtocol.FollowResults(40, 5000, false, testKit.<JobProtocol.ResultsPage>createTestProbe().ref()),
        JobProtocol.Resume.INSTANCE,
        new JobProtocol.AwaitEnd(testKit.<JobProtocol.JobEnded>createTestProbe().ref()),
        new JobProtocol.PullTasks(Lane.IO, List.of(grant), 7L, broker),
        grant,
        new JobProtocol.RecordResults(List.of(new ResultProtocol.ReportResults("job-1", worker, Lane.IO, outcomes)),
            testKit.<org.apache.pekko.Done>createTestProbe().ref()),
        new JobProtocol.LaneLost(worker, Lane.CPU),
        new JobProtocol.KindsWaiting(Set.of(TaskKind.fixed("words.count"))),
        new JobProtocol.JobAccepted("job-1", true),
        new JobProtocol.JobLookup(null),
        counts,
        spec));
    for (JobProtocol.JobState state : JobProtocol.JobState.values()) {
      Long endedAt = state == JobProtocol.JobState.running ? null : 1_700_000_009_000L;
      JobProtocol.JobStatus status = new JobProtocol.JobStatus("job-1", "quickstart", state, 1_700_000_000_000L,
          endedAt, 12, Map.of(Lane.IO, counts, Lane.CPU, new JobProtocol.LaneCounts(2, 0, 0, 2, 0, 0, 0)), "127.0.0.1:17355");
      samples.add(status);
      samples.add(new JobProtocol.JobLookup(status));
      samples.add(new JobProtocol.JobLookup(status, true));
      samples.add(new JobProtocol.JobEnded(status, "{\"id\":\"a\"}\n", true));
      JobProtocol.JobStatus open = new JobProtocol.JobStatus("job-2", null, state, 1L, endedAt, 3,
          Map.of(Lane.IO, counts), "127.0.0.1:17355", true).waiting(List.of("3 tasks of type words.count wait for a worker that offers it"));
      samples.add(open);
      samples.add(new JobProtocol.Appended(open, 3, 5, null, true));
    }
    samples.add(new JobProtocol.ResultsPage("{\"id\":\"nap\",\"status\":\"succeeded\"}\n", 1, 1, false));
    JobIndexProtocol.JobSummary summary = new JobIndexProtocol.JobSummary("job-1", "quickstart",
        JobProtocol.JobState.running, 1_700_000_000_000L, null, 12);
    samples.add(summary);
    samples.add(new JobIndexProtocol.ListJob(summary, testKit.<org.apache.pekko.pattern.StatusReply<org.apache.pekko.Done>>createTestProbe().ref()));
    samples.add(new JobIndexProtocol.NoteEnded("job-1", JobProtocol.JobState.failed, 1_700_000_009_000L, 12L));
    samples.add(new JobIndexProtocol.Write(List.of(summary),
        List.of(new JobIndexProtocol.NoteEnded("job-0", JobProtocol.JobState.succeeded, 1_700_000_008_000L, 3L)),
        testKit.<org.apache.pekko.pattern.StatusReply<org.apache.pekko.Done>>createTestProbe().ref()));
    samples.add(new JobIndexProtocol.Unlist("job-1"));
    samples.add(new JobIndexProtocol.GetJobs(JobProtocol.JobState.running, 20, 10, testKit.<JobIndexProtocol.JobList>createTestProbe().ref()));
    samples.add(new JobIndexProtocol.JobList(List.of(summary, summary.ended(JobProtocol.JobState.succeeded, 1_700_000_009_000L))));
    samples.add(JobIndexProtocol.WakeUnfinished.INSTANCE);
    samples.addAll(pluginSamples());
    return samples;
  }

  private List<Object> pluginSamples() {
    PluginProtocol.PluginVersion words = new PluginProtocol.PluginVersion("words", "1.2",
        "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", 300_000, 2,
        List.of("words.count", "words.top"), 1_700_000_000_000L);
    return List.of(
        new PluginProtocol.BeginAdd(words, testKit.<StatusReply<PluginProtocol.AddStarted>>createTestProbe().ref()),
        new PluginProtocol.AddStarted(7L, null),
        new PluginProtocol.AddStarted(0L, words),
        new PluginProtocol.PutChunk(7L, 1, new byte[] {1, 2, 3, (byte) 0xff},
            testKit.<StatusReply<org.apache.pekko.Done>>createTestProbe().ref()),
        new PluginProtocol.FinishAdd(7L, testKit.<StatusReply<PluginProtocol.Added>>createTestProbe().ref()),
        new PluginProtocol.Added(words, null),
        new PluginProtocol.ListPlugins(testKit.<PluginProtocol.PluginList>createTestProbe().ref()),
        new PluginProtocol.PluginList(List.of(new PluginProtocol.PluginStatus(words, true,
            List.of("10.0.0.2:17355"), Map.of("10.0.0.3:17355", "NoClassDefFoundError: x/Y")))),
        new PluginProtocol.RemovePlugin("words", null, testKit.<StatusReply<PluginProtocol.Removed>>createTestProbe().ref()),
        new PluginProtocol.RemovePlugin("words", "1.2", testKit.<StatusReply<PluginProtocol.Removed>>createTestProbe().ref()),
        new PluginProtocol.Removed(List.of(words)),
        new PluginProtocol.Subscribe("10.0.0.2:17355", testKit.<PluginProtocol.Plugins>createTestProbe().ref()),
        new PluginProtocol.Plugins(List.of(words)),
        new PluginProtocol.GetChunk(words.digest(), 1, testKit.<PluginProtocol.Chunk>createTestProbe().ref()),
        new PluginProtocol.Chunk(words.digest(), 1, new byte[] {9, 8, 7}, null),
        new PluginProtocol.Chunk(words.digest(), 0, null, "plugin removed"),
        new PluginProtocol.ReportLoaded("10.0.0.2:17355", words.digest(), null));
  }

  /** Adds the class of every record reachable from {@code value}. */
  private static void collectRecords(Object value, Set<Class<?>> found) {
    Set<Object> all = new HashSet<>();
    collectValues(value, all);
    all.stream().filter(v -> v.getClass().isRecord()).forEach(v -> found.add(v.getClass()));
  }

  /** Adds every value reachable from {@code value} through records, collections and maps. */
  private static void collectValues(Object value, Set<Object> found) {
    if (value == null || value instanceof JsonNode || !found.add(value)) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      collection.forEach(element -> collectValues(element, found));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, element) -> {
        collectValues(key, found);
        collectValues(element, found);
      });
    } else if (value.getClass().isRecord()) {
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        try {
          collectValues(component.getAccessor().invoke(value), found);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
