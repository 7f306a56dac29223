package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job's domain logic stays out of Pekko: the ledger, the phases, the dispenser and the result
 * log refer to no Pekko type, so they are tested (and read) as plain Java. Checked on
 * the compiled classes: a class that refers to a Pekko type names it in its constant pool.
 */
class PlainJavaTest {

  private static final List<Class<?>> PLAIN = List.of(
      JobLedger.class, JobPhase.class, Templates.class, AppendKeys.class, LaneTally.class,
      ResultLog.class, ResultPages.class, ResultStore.class, ResultLines.class,
      RecordedOutcomes.class, OutcomeCodec.class, RecordedSpec.class, RecordedTemplate.class,
      Dispenser.class, Affinity.class, LaneQueue.class, JobAnswers.class);

  @Test
  void theJobsDomainClassesReferToNoPekkoType() throws IOException {
    for (Class<?> type : withNested(PLAIN)) {
      String name = type.getName().substring(type.getPackageName().length() + 1) + ".class";
      try (InputStream in = type.getResourceAsStream(name)) {
        assertThat(in).as(name).isNotNull();
        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(constants).as(type.getName()).doesNotContain("org/apache/pekko");
      }
    }
  }

  @Test
  void theCheckSeesAPekkoReference() throws IOException {
    try (InputStream in = JobEntity.class.getResourceAsStream("JobEntity.class")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).contains("org/apache/pekko");
    }
  }

  private static List<Class<?>> withNested(List<Class<?>> types) {
    List<Class<?>> all = new ArrayList<>();
    for (Class<?> type : types) {
      all.add(type);
      all.addAll(withNested(List.of(type.getDeclaredClasses())));
    }
    return all;
  }
}
