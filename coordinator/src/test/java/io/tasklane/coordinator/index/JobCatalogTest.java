package io.tasklane.coordinator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import org.junit.jupiter.api.Test;

class JobCatalogTest {

  private static JobSummary job(String id, long submittedAt) {
    return new JobSummary(id, "n", JobState.running, submittedAt, null, 1);
  }

  @Test
  void listsNewestFirstFilteredAndLimited() {
    JobCatalog catalog = new JobCatalog(10);
    catalog.add(job("a", 1));
    catalog.add(job("b", 2));
    catalog.add(job("c", 3));
    catalog.end("b", JobState.failed, 5, null);
    assertThat(catalog.newest(null, 10)).extracting(JobSummary::id).containsExactly("c", "b", "a");
    assertThat(catalog.newest(null, 2)).extracting(JobSummary::id).containsExactly("c", "b");
    assertThat(catalog.newest(JobState.running, 10)).extracting(JobSummary::id).containsExactly("c", "a");
    assertThat(catalog.add(job("a", 9))).as("listed already").isFalse();
  }

  @Test
  void forgetsTheOldestEndedJobsFirstAndKeepsEveryRunningOne() {
    JobCatalog catalog = new JobCatalog(2);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      catalog.add(job(id, 1));
    }
    catalog.end("a", JobState.succeeded, 2, null);
    catalog.end("c", JobState.succeeded, 2, null);
    catalog.end("d", JobState.succeeded, 2, null);
    assertThat(catalog.contains("a")).isFalse();
    assertThat(catalog.newest(null, 10)).extracting(JobSummary::id).containsExactly("d", "c", "b");
    catalog.remove("c");
    catalog.end("b", JobState.cancelled, 3, null);
    assertThat(catalog.newest(null, 10)).as("removing an ended job made room").extracting(JobSummary::id)
        .containsExactly("d", "b");
  }

  @Test
  void anEndIsTakenOnceAndKeepsTheFinalTotalWhenItHasOne() {
    JobCatalog catalog = new JobCatalog(10);
    catalog.add(job("open", 1));
    catalog.add(job("old", 1));
    assertThat(catalog.end("open", JobState.succeeded, 4, 7L)).isTrue();
    assertThat(catalog.end("open", JobState.failed, 5, 9L)).as("ended already").isFalse();
    assertThat(catalog.end("nobody", JobState.failed, 5, 9L)).isFalse();
    catalog.end("old", JobState.succeeded, 4, null);
    assertThat(catalog.newest(null, 10)).extracting(JobSummary::id, JobSummary::state, JobSummary::endedAt, JobSummary::total)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("old", JobState.succeeded, 4L, 1L),
            org.assertj.core.api.Assertions.tuple("open", JobState.succeeded, 4L, 7L));
    assertThat(catalog.isRunning("open")).isFalse();
  }

  @Test
  void unfinishedJobsAreThoseStillRunningListedBeforeTheGivenTime() {
    JobCatalog catalog = new JobCatalog(10);
    catalog.add(job("early", 100));
    catalog.add(job("ended", 100));
    catalog.add(job("recent", 200));
    catalog.end("ended", JobState.succeeded, 150, null);
    assertThat(catalog.unfinished(200)).containsExactly("early");
    assertThat(catalog.unfinished(201)).containsExactly("early", "recent");
  }

  @Test
  void pagesThroughTheListAndSaysHowManyMatchAndHowManyWereForgotten() {
    JobCatalog catalog = new JobCatalog(2);
    for (String id : new String[] {"a", "b", "c", "d", "e"}) {
      catalog.add(job(id, 1));
    }
    catalog.end("a", JobState.succeeded, 2, null);
    catalog.end("b", JobState.failed, 2, null);
    catalog.end("c", JobState.succeeded, 2, null);
    assertThat(catalog.forgotten()).as("a was dropped to keep two ended jobs").isEqualTo(1);
    assertThat(catalog.matching(null)).isEqualTo(4);
    assertThat(catalog.matching(JobState.running)).isEqualTo(2);
    assertThat(catalog.matching(JobState.succeeded)).isEqualTo(1);
    assertThat(catalog.matching(JobState.failed)).isEqualTo(1);
    assertThat(catalog.matching(JobState.cancelled)).isZero();
    assertThat(catalog.newest(null, 0, 2)).extracting(JobSummary::id).containsExactly("e", "d");
    assertThat(catalog.newest(null, 2, 2)).extracting(JobSummary::id).containsExactly("c", "b");
    assertThat(catalog.newest(null, 4, 2)).isEmpty();
    assertThat(catalog.newest(JobState.running, 1, 5)).extracting(JobSummary::id).containsExactly("d");
    catalog.remove("e");
    assertThat(catalog.matching(JobState.running)).isEqualTo(1);
    assertThat(catalog.matching(null)).isEqualTo(3);
  }
}
