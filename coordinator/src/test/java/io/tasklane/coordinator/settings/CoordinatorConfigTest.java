package io.tasklane.coordinator.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorConfigTest {

  private static String journalUrl(String dataDir, String url) {
    Config config = ConfigFactory.parseMap(Map.of("tasklane.coordinator.data-dir", dataDir, "tasklane.jdbc.db.url", url));
    return CoordinatorConfig.withJournal(config).getString("jdbc-journal.slick.db.url");
  }

  @Test
  void anH2FileJournalWritesEachCommitBeforeConfirmingIt() {
    assertThat(journalUrl("/var/tasklane", "jdbc:h2:mem:tasklane;DB_CLOSE_DELAY=-1"))
        .startsWith("jdbc:h2:file:/var/tasklane/journal;").contains(";WRITE_DELAY=0").contains(";PAGE_SIZE=2048");
    assertThat(journalUrl("", "jdbc:h2:file:/data/j")).isEqualTo("jdbc:h2:file:/data/j;WRITE_DELAY=0;PAGE_SIZE=2048");
    assertThat(journalUrl("", "jdbc:h2:file:/data/j;write_delay=100;page_size=8192")).as("set by the user")
        .isEqualTo("jdbc:h2:file:/data/j;write_delay=100;page_size=8192");
    assertThat(journalUrl("", "jdbc:h2:mem:t")).as("in memory: nothing to lose to a kill").isEqualTo("jdbc:h2:mem:t");
    assertThat(journalUrl("/x", "jdbc:postgresql://db/tasklane")).isEqualTo("jdbc:postgresql://db/tasklane");
  }
}
