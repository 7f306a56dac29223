package io.tasklane.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.spi.TaskFailedPermanently;
import io.tasklane.spi.testing.InputRefused;
import io.tasklane.spi.testing.TaskHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** words.count run by the SPI's harness: no cluster, the same context a worker gives. */
class WordsCountTest {

  private final TaskHarness harness = new TaskHarness().timeout(Duration.ofSeconds(10));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void countsLinesWordsAndCharactersOfAText() throws Exception {
    JsonNode output = harness.run(new WordsCount(), "{\"text\": \"It's the tide.\\nThe tide, the tide!\", \"top\": 2}");

    assertEquals(2, output.get("lines").asLong());
    assertEquals(7, output.get("words").asLong());
    assertEquals(33, output.get("chars").asLong());
    // "the" and "tide" three times each (in lower case): a tie, in alphabetical order
    assertEquals("the", output.get("top").get(0).get("word").asText());
    assertEquals(3, output.get("top").get(0).get("count").asLong());
    assertEquals("tide", output.get("top").get(1).get("word").asText());
  }

  @Test
  void readsAFileAndReportsProgressAsItGoes(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("big.txt");
    Files.writeString(file, "one two three\n".repeat(5_000));

    JsonNode output = harness.run(new WordsCount(), "{\"path\": \"" + file.toString().replace("\\", "\\\\") + "\"}");

    assertEquals(5_000, output.get("lines").asLong());
    assertEquals(15_000, output.get("words").asLong());
    assertEquals(0, output.get("top").size());
    assertEquals(5, harness.progress().size()); // every 1,000 lines
    assertTrue(harness.progress().get(4).fraction() > 0.9);
    assertTrue(harness.logLines().get(0).message().endsWith("15000 words in 5000 lines"), harness.logLines().toString());
  }

  @Test
  void aMissingFileFailsForGoodNamingIt() {
    TaskFailedPermanently failure = assertThrows(TaskFailedPermanently.class,
        () -> harness.run(new WordsCount(), "{\"path\": \"no/such/file.txt\"}"));

    assertTrue(failure.getMessage().startsWith("no such file: "), failure.getMessage());
    assertTrue(failure.getMessage().contains("file.txt"), failure.getMessage());
  }

  @Test
  void neitherPathNorTextFailsForGood() {
    TaskFailedPermanently failure = assertThrows(TaskFailedPermanently.class,
        () -> harness.run(new WordsCount(), "{}"));

    assertEquals("give either 'path' (a file on the worker) or 'text', the input has neither", failure.getMessage());
  }

  @Test
  void anInputTheSchemaRefusesNeverRuns() {
    InputRefused refused = assertThrows(InputRefused.class,
        () -> harness.run(new WordsCount(), "{\"text\": \"a\", \"top\": 1000}"));

    assertTrue(refused.getMessage().contains("top"), refused.getMessage());
  }

  @Test
  void stopsWhenCancelled(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("huge.txt");
    Files.writeString(file, "word\n".repeat(2_000_000));

    assertThrows(TaskCancelledException.class,
        () -> harness.cancelAfter(Duration.ofMillis(1)).run(new WordsCount(), "{\"path\": \"" + file.toString().replace("\\", "\\\\") + "\"}"));
  }
}
