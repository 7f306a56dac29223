package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import io.tasklane.protocol.job.JobSpecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's bodies, byte for byte as clients read them (the strings are what the hand-built
 * JSON wrote before the bodies became records): field names, order, nulls and omissions.
 */
class JsonBodiesTest {

  private static final JobStatus RUNNING = new JobStatus("j-1", null, JobState.running, 12L, null, 3,
      Map.of(Lane.CPU, new LaneCounts(1, 1, 0, 0, 0, 0, 0), Lane.IO, new LaneCounts(2, 0, 1, 1, 0, 0, 0)), "h:1", true);
  private static final JobStatus ENDED = new JobStatus("j-2", "n\"é", JobState.failed, 12L, 99L, 2,
      Map.of(Lane.IO, new LaneCounts(2, 0, 0, 0, 1, 1, 0)), null);

  private static final String RUNNING_JSON = "{\"id\":\"j-1\",\"name\":null,\"state\":\"running\",\"submittedAt\":12,"
      + "\"endedAt\":null,\"total\":3,\"open\":true,\"coordinator\":\"h:1\",\"lanes\":{"
      + "\"io\":{\"total\":2,\"queued\":0,\"running\":1,\"succeeded\":1,\"failed\":0,\"timed_out\":0,\"cancelled\":0},"
      + "\"cpu\":{\"total\":1,\"queued\":1,\"running\":0,\"succeeded\":0,\"failed\":0,\"timed_out\":0,\"cancelled\":0}}}";
  private static final String ENDED_JSON = "{\"id\":\"j-2\",\"name\":\"n\\\"é\",\"state\":\"failed\",\"submittedAt\":12,"
      + "\"endedAt\":99,\"total\":2,\"coordinator\":null,\"lanes\":{"
      + "\"io\":{\"total\":2,\"queued\":0,\"running\":0,\"succeeded\":0,\"failed\":1,\"timed_out\":1,\"cancelled\":0}}}";

  @Test
  void aStatusWritesEndedAtAlwaysOpenOnlyWhenOpenAndItsLanesIoFirst() {
    assertThat(Json.text(JobStatusBody.of(RUNNING))).isEqualTo(RUNNING_JSON);
    assertThat(Json.text(JobStatusBody.of(ENDED))).isEqualTo(ENDED_JSON);
    assertThat(Json.text(JobStatusBody.of(ENDED).withMessage("job already ended: failed")))
        .isEqualTo(ENDED_JSON.substring(0, ENDED_JSON.length() - 1) + ",\"message\":\"job already ended: failed\"}");
  }

  @Test
  void aStatusSaysWhatWaitsForAWorkerOnlyWhileSomethingDoes() {
    JobStatus waiting = RUNNING.waiting(List.of("12 tasks of type words.count wait for a worker that offers it"));
    assertThat(Json.text(JobStatusBody.of(waiting))).isEqualTo(RUNNING_JSON.substring(0, RUNNING_JSON.length() - 1)
        + ",\"waiting\":[\"12 tasks of type words.count wait for a worker that offers it\"]}");
  }

  @Test
  void aWaitedSubmitCarriesItsStatusAndItsResultLinesAsAnArrayOrWhereToFetchThem() {
    String head = "{\"id\":\"j-2\",\"created\":true,\"tasks\":7,\"state\":\"failed\",\"status\":" + ENDED_JSON;
    String url = "/api/jobs/j-2/results";
    assertThat(text(PostedBodies.Waited.of("j-2", 7, JobStatusBody.of(ENDED), "{\"a\":1}\n{\"b\":2}\n", true, url)))
        .isEqualTo(head + ",\"results\":[{\"a\":1},{\"b\":2}]}");
    assertThat(text(PostedBodies.Waited.of("j-2", 7, JobStatusBody.of(ENDED), "", true, url)))
        .isEqualTo(head + ",\"results\":[]}");
    assertThat(text(PostedBodies.Waited.of("j-2", 7, JobStatusBody.of(ENDED), "{\"a\":1}\n", false, url)))
        .isEqualTo(head + ",\"resultsUrl\":\"/api/jobs/j-2/results\"}");
  }

  @Test
  void anAppendSaysRepeatedOnlyWhenItWasAndThenAMessageOrItsResults() {
    PostedBodies.Appended first = PostedBodies.Appended.of("j", 5, 2, false);
    PostedBodies.Appended again = PostedBodies.Appended.of("j", 5, 2, true);
    assertThat(Json.text(first)).isEqualTo("{\"id\":\"j\",\"first\":5,\"tasks\":2}");
    assertThat(Json.text(again)).isEqualTo("{\"id\":\"j\",\"first\":5,\"tasks\":2,\"repeated\":true}");
    assertThat(Json.text(again.withMessage("m"))).isEqualTo("{\"id\":\"j\",\"first\":5,\"tasks\":2,\"repeated\":true,\"message\":\"m\"}");
    assertThat(Json.text(first.withResults("{\"a\":1}\n", true, "/u?from=5&limit=2")))
        .isEqualTo("{\"id\":\"j\",\"first\":5,\"tasks\":2,\"results\":[{\"a\":1}]}");
    assertThat(Json.text(again.withResults("{\"a\":1}\n", false, "/u?from=5&limit=2")))
        .isEqualTo("{\"id\":\"j\",\"first\":5,\"tasks\":2,\"repeated\":true,\"resultsUrl\":\"/u?from=5&limit=2\"}");
    assertThat(Json.text(new PostedBodies.Submitted("j", false, 4L))).isEqualTo("{\"id\":\"j\",\"created\":false,\"tasks\":4}");
  }

  @Test
  void theJobListWritesEndedAtLast() {
    JobIndexProtocol.JobList list = new JobIndexProtocol.JobList(List.of(
        new JobIndexProtocol.JobSummary("a", null, JobState.running, 1L, null, 3),
        new JobIndexProtocol.JobSummary("b", "x", JobState.cancelled, 1L, 5L, 3)));
    assertThat(Json.text(JobListBody.of(list))).isEqualTo("{\"jobs\":["
        + "{\"id\":\"a\",\"name\":null,\"state\":\"running\",\"submittedAt\":1,\"total\":3,\"endedAt\":null},"
        + "{\"id\":\"b\",\"name\":\"x\",\"state\":\"cancelled\",\"submittedAt\":1,\"total\":3,\"endedAt\":5}],"
        + "\"offset\":0,\"matching\":2,\"forgotten\":0}");
    assertThat(Json.text(JobListBody.of(new JobIndexProtocol.JobList(List.of()))))
        .isEqualTo("{\"jobs\":[],\"offset\":0,\"matching\":0,\"forgotten\":0}");
    assertThat(Json.text(JobListBody.of(new JobIndexProtocol.JobList(List.of(), 250, 7), 200)))
        .as("a page past the end still says how many there are").isEqualTo("{\"jobs\":[],\"offset\":200,\"matching\":250,\"forgotten\":7}");
  }

  @Test
  void errorsAndInvalidSpecsNameTheirProblems() {
    assertThat(text(Json.error(org.apache.pekko.http.javadsl.model.StatusCodes.CONFLICT, "e\n\"x")))
        .isEqualTo("{\"error\":\"e\\n\\\"x\"}");
    assertThat(text(Json.noSuchJob("j-9"))).isEqualTo("{\"error\":\"no job 'j-9'\"}");
    assertThat(text(Json.invalid(List.of(new JobSpecException.Problem("f.yaml", 3, "tasks[0].type", "unknown"),
        new JobSpecException.Problem("f.yaml", 4, null, "x")))))
        .isEqualTo("{\"error\":\"invalid job spec\",\"problems\":["
            + "{\"file\":\"f.yaml\",\"line\":3,\"field\":\"tasks[0].type\",\"message\":\"unknown\"},"
            + "{\"file\":\"f.yaml\",\"line\":4,\"field\":null,\"message\":\"x\"}]}");
    assertThat(Json.invalid(List.of()).status().intValue()).isEqualTo(400);
  }

  @Test
  void theClusterListsEveryLaneAndAQueuedCountPerLaneIoFirst() {
    BrokerProtocol.Lanes view = new BrokerProtocol.Lanes(
        List.of(new BrokerProtocol.LaneInfo("w:1", Lane.CPU, 4, 2, 1)), 3, Map.of(Lane.CPU, 7L));
    assertThat(Json.text(ClusterBody.of(List.of(), view))).isEqualTo("{\"nodes\":[],"
        + "\"lanes\":[{\"worker\":\"w:1\",\"lane\":\"cpu\",\"capacity\":4,\"credit\":2,\"busy\":1}],"
        + "\"queued\":{\"io\":0,\"cpu\":7},\"jobsWithWork\":3}");
  }

  private static String text(Object body) {
    return new String(Json.bytes(body), StandardCharsets.UTF_8);
  }

  private static String text(org.apache.pekko.http.javadsl.model.HttpResponse response) {
    return ((org.apache.pekko.http.javadsl.model.HttpEntity.Strict) response.entity()).getData().utf8String();
  }
}
