package io.tasklane.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.TaskFailedPermanently;
import io.tasklane.spi.testing.InputRefused;
import io.tasklane.spi.testing.TaskHarness;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** csv.sum run by the SPI's harness. */
class CsvSumTest {

  private static final String SALES = "date,product,amount\\n2024-01-03,\\\"Lantern, brass\\\",119.80\\n"
      + "2024-01-04,Rope,84.50\\n2024-01-05,Fender,\\n\\n2024-01-06,Hook,0.10\\n";

  private final TaskHarness harness = new TaskHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void sumsAColumnExactlyAndSkipsBlankCells() throws Exception {
    JsonNode output = harness.run(new CsvSum(), "{\"text\": \"" + SALES + "\", \"column\": \"amount\"}");

    assertEquals(3, output.get("rows").asLong());
    assertEquals(1, output.get("blank").asLong());
    assertEquals(new BigDecimal("204.40"), output.get("sum").decimalValue());
    assertEquals(new BigDecimal("0.10"), output.get("min").decimalValue());
    assertEquals(new BigDecimal("119.80"), output.get("max").decimalValue());
    assertEquals(0, new BigDecimal("68.13333333333333").compareTo(output.get("mean").decimalValue()));
  }

  @Test
  void anUnknownColumnFailsForGoodListingTheColumns() {
    TaskFailedPermanently failure = assertThrows(TaskFailedPermanently.class,
        () -> harness.run(new CsvSum(), "{\"text\": \"" + SALES + "\", \"column\": \"price\"}"));

    assertEquals("no column 'price' in text; its columns: [date, product, amount]", failure.getMessage());
  }

  @Test
  void aCellThatIsNoNumberFailsForGoodNamingTheLine() {
    TaskFailedPermanently failure = assertThrows(TaskFailedPermanently.class,
        () -> harness.run(new CsvSum(), "{\"text\": \"" + SALES + "\", \"column\": \"product\"}"));

    assertEquals("line 2: 'Lantern, brass' in column 'product' is not a number", failure.getMessage());
  }

  @Test
  void aMissingColumnNameIsRefusedBeforeItRuns() {
    InputRefused refused = assertThrows(InputRefused.class, () -> harness.run(new CsvSum(), "{\"text\": \"a\\n1\"}"));

    assertTrue(refused.problems().stream().anyMatch(problem -> problem.contains("column")), refused.problems().toString());
  }

  @Test
  void splitsQuotedCells() {
    assertEquals(List.of("a", "b, c", "say \"hi\"", ""), CsvLine.split("a,\"b, c\",\"say \"\"hi\"\"\",", ','));
  }
}
