package io.tasklane.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.tasklane.protocol.dispatch.JobProtocol.RecordResults;
import io.tasklane.protocol.dispatch.LaneProtocol.AssignTasks;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The hot batch messages (tasks to a lane, results from it, results between coordinator nodes)
 * as compact CBOR: each message, task and outcome an array of its components in record order,
 * written and read with Jackson's streaming generator and parser (no per-message tree, no
 * property names, no reflection). Bound to these message classes in this module's
 * {@code reference.conf}; Pekko picks a binding to a class over the broader
 * {@code CborSerializable} one. Every other message stays on {@code jackson-cbor}.
 */
public final class BatchSerializer extends SerializerWithStringManifest {

  /** This serializer's id in Pekko's serialization (0 to 40 are Pekko's own). */
  public static final int IDENTIFIER = 7_464_061;

  private static final String ASSIGN_TASKS = "A";
  private static final String REPORT_RESULTS = "R";
  private static final String RECORD_RESULTS = "G";
  /** Encodes JSON values (task inputs) and makes the generators and parsers; thread-safe. */
  private static final CBORMapper CBOR = new CBORMapper();

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public BatchSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return switch (message) {
      case AssignTasks assign -> ASSIGN_TASKS;
      case ReportResults report -> REPORT_RESULTS;
      case RecordResults record -> RECORD_RESULTS;
      default -> throw new IllegalArgumentException("BatchSerializer cannot write " + message.getClass().getName());
    };
  }

  @Override
  public byte[] toBinary(Object message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(message));
    try (JsonGenerator g = CBOR.createGenerator(bytes)) {
      switch (message) {
        case AssignTasks assign -> write(g, assign);
        case ReportResults report -> write(g, report);
        case RecordResults record -> write(g, record);
        default -> throw new IllegalArgumentException("BatchSerializer cannot write " + message.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + message.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (JsonParser p = CBOR.createParser(bytes)) {
      p.nextToken();
      return switch (manifest) {
        case ASSIGN_TASKS -> readAssignTasks(p);
        case REPORT_RESULTS -> readReportResults(p);
        case RECORD_RESULTS -> readRecordResults(p);
        default -> throw new NotSerializableException("BatchSerializer: unknown manifest '" + manifest + "'");
      };
    } catch (NotSerializableException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException("BatchSerializer: cannot read a '" + manifest + "' message: " + e.getMessage(), e);
    }
  }

  /** About the size written, so that the buffer seldom grows. */
  private static int sizeHint(Object message) {
    long hint = switch (message) {
      case AssignTasks assign -> 128 + 64L * assign.tasks().size();
      case ReportResults report -> 128 + estimate(report);
      case RecordResults record -> 128 + record.batches().stream().mapToLong(BatchSerializer::estimate).sum();
      default -> 128;
    };
    return (int) Math.min(hint, 16 * 1024 * 1024);
  }

  private static long estimate(ReportResults report) {
    long bytes = 0;
    for (TaskOutcome outcome : report.outcomes()) {
      bytes += outcome.estimatedBytes();
    }
    return bytes;
  }

  /** [jobId, resultsTo, [task, ...]] */
  private void write(JsonGenerator g, AssignTasks assign) throws IOException {
    g.writeStartArray(null, 3);
    g.writeString(assign.jobId());
    g.writeString(resolver().toSerializationFormat(assign.resultsTo()));
    g.writeStartArray(null, assign.tasks().size());
    for (TaskSpec task : assign.tasks()) {
      TaskCodec.write(g, task);
    }
    g.writeEndArray();
    g.writeEndArray();
  }

  private AssignTasks readAssignTasks(JsonParser p) throws IOException {
    String what = "AssignTasks";
    CborArrays.start(p, what);
    String jobId = CborArrays.text(p, what);
    ActorRef<ResultProtocol.Command> resultsTo =
        resolver().resolveActorRef(CborArrays.text(p, what));
    CborArrays.list(p, what);
    List<TaskSpec> tasks = new ArrayList<>();
    while (CborArrays.hasNext(p, what)) {
      tasks.add(TaskCodec.readSpec(p));
    }
    CborArrays.end(p, what);
    return new AssignTasks(jobId, tasks, resultsTo);
  }

  /** [jobId, worker, lane, [outcome, ...]] */
  private static void write(JsonGenerator g, ReportResults report) throws IOException {
    g.writeStartArray(null, 4);
    g.writeString(report.jobId());
    TaskCodec.writeNullable(g, report.worker());
    g.writeString(report.lane().wireName());
    g.writeStartArray(null, report.outcomes().size());
    for (TaskOutcome outcome : report.outcomes()) {
      TaskCodec.write(g, outcome);
    }
    g.writeEndArray();
    g.writeEndArray();
  }

  private static ReportResults readReportResults(JsonParser p) throws IOException {
    String what = "ReportResults";
    CborArrays.start(p, what);
    String jobId = CborArrays.text(p, what);
    String worker = CborArrays.text(p, what);
    var lane = CborArrays.lane(p, what);
    CborArrays.list(p, what);
    List<TaskOutcome> outcomes = new ArrayList<>();
    while (CborArrays.hasNext(p, what)) {
      outcomes.add(TaskCodec.readOutcome(p));
    }
    CborArrays.end(p, what);
    return new ReportResults(jobId, worker, lane, outcomes);
  }

  /** [[report, ...], replyTo] */
  private void write(JsonGenerator g, RecordResults record) throws IOException {
    g.writeStartArray(null, 2);
    g.writeStartArray(null, record.batches().size());
    for (ReportResults batch : record.batches()) {
      write(g, batch);
    }
    g.writeEndArray();
    g.writeString(resolver().toSerializationFormat(record.replyTo()));
    g.writeEndArray();
  }

  private RecordResults readRecordResults(JsonParser p) throws IOException {
    String what = "RecordResults";
    CborArrays.start(p, what);
    CborArrays.list(p, what);
    List<ReportResults> batches = new ArrayList<>();
    while (CborArrays.hasNext(p, what)) {
      batches.add(readReportResults(p));
    }
    ActorRef<Done> replyTo = resolver().resolveActorRef(CborArrays.text(p, what));
    CborArrays.end(p, what);
    return new RecordResults(batches, replyTo);
  }

  /** Created on first use: the typed system is not there yet while serializers are made. */
  private ActorRefResolver resolver() {
    ActorRefResolver current = resolver;
    if (current == null) {
      current = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = current;
    }
    return current;
  }
}
