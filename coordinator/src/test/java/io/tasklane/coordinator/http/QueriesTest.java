package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.coordinator.http.Queries.JobsQuery;
import io.tasklane.coordinator.http.Queries.ResultsQuery;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueriesTest {

  private static Optional<String> of(String value) {
    return Optional.of(value);
  }

  private static final Optional<String> NONE = Optional.empty();

  @Test
  void aFlagIsTrueOrOne() {
    assertThat(Queries.isTrue(of("true"))).isTrue();
    assertThat(Queries.isTrue(of("1"))).isTrue();
    assertThat(Queries.isTrue(of("yes"))).isFalse();
    assertThat(Queries.isTrue(NONE)).isFalse();
  }

  @Test
  void theJobListIsLimitedToBetweenOneAndTenThousandAndFiltersByAKnownState() {
    assertThat(JobsQuery.parse(NONE, NONE)).isEqualTo(new JobsQuery(null, 100));
    assertThat(JobsQuery.parse(of("failed"), of("0"))).isEqualTo(new JobsQuery(JobState.failed, 1));
    assertThat(JobsQuery.parse(NONE, of("1000000")).limit()).isEqualTo(10_000);
    assertThatThrownBy(() -> JobsQuery.parse(of("done"), of("x")))
        .isInstanceOf(Queries.BadQuery.class)
        .hasMessage("state must be one of running, succeeded, failed, cancelled");
    assertThatThrownBy(() -> JobsQuery.parse(NONE, of("x"))).hasMessage("limit must be a positive integer");
  }

  @Test
  void aPageOfTheJobListStartsAtAnOffset() {
    assertThat(JobsQuery.parse(of("running"), of("20"), of("40"))).isEqualTo(new JobsQuery(JobState.running, 20, 40));
    assertThat(JobsQuery.parse(NONE, NONE, NONE).offset()).isZero();
    assertThatThrownBy(() -> JobsQuery.parse(NONE, NONE, of("-1")))
        .hasMessage("offset must be a number of jobs to skip (0 or more)");
    assertThatThrownBy(() -> JobsQuery.parse(NONE, NONE, of("next")))
        .hasMessage("offset must be a number of jobs to skip (0 or more)");
  }

  @Test
  void resultsStartAtATaskIndexOrFollowButNotBoth() {
    assertThat(ResultsQuery.parse(NONE, NONE, NONE, NONE)).isEqualTo(new ResultsQuery(false, false, Long.MAX_VALUE, 0));
    assertThat(ResultsQuery.parse(of("1"), of("-3"), of("7"), NONE)).isEqualTo(new ResultsQuery(true, false, -3, 7));
    assertThat(ResultsQuery.parse(NONE, of("5"), NONE, of("true"))).isEqualTo(new ResultsQuery(false, true, 5, 0));
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, of("many"), of("-1"), NONE)).hasMessage("limit must be a positive integer");
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, of("-1"), NONE)).hasMessage("from must be a task index (0 or more)");
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, of("x"), NONE)).hasMessage("from must be a task index (0 or more)");
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, of("0"), of("1")))
        .hasMessage("from is a task position and follow streams in the order tasks end: use one of them");
  }

  @Test
  void aFollowerResumesAfterTheResultsItHasAndOnlyAFollowerMay() {
    assertThat(ResultsQuery.parse(NONE, NONE, NONE, of("true"), of("1200")))
        .isEqualTo(new ResultsQuery(false, true, Long.MAX_VALUE, 0, 1200));
    assertThat(ResultsQuery.parse(NONE, NONE, NONE, of("true"), NONE).after()).isZero();
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, NONE, of("true"), of("-1")))
        .hasMessage("after must be a number of results (0 or more)");
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, NONE, of("true"), of("x")))
        .hasMessage("after must be a number of results (0 or more)");
    assertThatThrownBy(() -> ResultsQuery.parse(NONE, NONE, NONE, NONE, of("3")))
        .hasMessage("after counts every result in the order tasks end: use it with follow=true, without failed");
    assertThatThrownBy(() -> ResultsQuery.parse(of("true"), NONE, NONE, of("true"), of("3")))
        .hasMessage("after counts every result in the order tasks end: use it with follow=true, without failed");
  }
}
