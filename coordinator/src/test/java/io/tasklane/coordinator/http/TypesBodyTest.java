package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.LaneChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypesBodyTest {

  private static final TypeOffer SLEEP = new TypeOffer("sleep", LaneChoice.IO, Lane.IO,
      "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"ms\"]}",
      "built-in", "waits");
  private static final TypeOffer WORDS_AUTO_CPU =
      new TypeOffer("words", LaneChoice.AUTO, Lane.CPU, "{}", "plugin words.jar", "counts words");
  private static final TypeOffer WORDS_AUTO_IO =
      new TypeOffer("words", LaneChoice.AUTO, Lane.IO, "{}", "plugin words.jar", "counts words");

  @Test
  void listsEachTypeWithItsLanesInputSourceAndWorkersByteForByte() {
    Catalog catalog = new Catalog(Map.of("sleep", Lane.IO), Map.of("sleep", List.of(
        new WorkerOffer("w2:1", SLEEP), new WorkerOffer("w1:1", SLEEP))));
    assertThat(Json.text(TypesBody.of(catalog))).isEqualTo("{\"types\":[{\"name\":\"sleep\",\"declared\":\"io\","
        + "\"lane\":\"io\",\"input\":{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0}},"
        + "\"required\":[\"ms\"]},\"description\":\"waits\",\"source\":\"built-in\",\"workers\":[\"w1:1\",\"w2:1\"]}]}");
  }

  @Test
  void workersThatOfferATypeDifferentlyGetAnEntryEachAndTypesComeInNameOrder() {
    Catalog catalog = new Catalog(Map.of(), Map.of(
        "words", List.of(new WorkerOffer("w1:1", WORDS_AUTO_CPU), new WorkerOffer("w2:1", WORDS_AUTO_IO),
            new WorkerOffer("w3:1", WORDS_AUTO_CPU)),
        "sleep", List.of(new WorkerOffer("w1:1", SLEEP))));
    TypesBody body = TypesBody.of(catalog);
    assertThat(body.types()).extracting(TypesBody.Type::name).containsExactly("sleep", "words", "words");
    assertThat(body.types().get(1).lane()).isEqualTo("cpu");
    assertThat(body.types().get(1).workers()).containsExactly("w1:1", "w3:1");
    assertThat(body.types().get(2).lane()).isEqualTo("io");
    assertThat(body.types().get(2).workers()).containsExactly("w2:1");
    assertThat(body.types().get(2).declared()).isEqualTo("auto");
  }

  @Test
  void workersThatMeasuredATypeDifferentlyShareItsEntryWithTheirFiguresEach() {
    TypeOffer w1 = WORDS_AUTO_CPU.with(new TypeOffer.Measured(12, 0.97, 31.5, Lane.CPU, null));
    TypeOffer w2 = WORDS_AUTO_CPU.with(new TypeOffer.Measured(50, 0.91, 30.25, Lane.CPU, null));
    Catalog catalog = new Catalog(Map.of(), Map.of("words", List.of(
        new WorkerOffer("w2:1", w2), new WorkerOffer("w1:1", w1), new WorkerOffer("w3:1", WORDS_AUTO_CPU))));
    String json = Json.text(TypesBody.of(catalog));
    assertThat(TypesBody.of(catalog).types()).hasSize(1);
    assertThat(json).contains("\"workers\":[\"w1:1\",\"w2:1\",\"w3:1\"]",
        "\"measured\":{\"w1:1\":{\"samples\":12,\"cpuRatio\":0.97,\"cpuMsPerRun\":31.5,\"chosen\":\"cpu\"},"
            + "\"w2:1\":{\"samples\":50,\"cpuRatio\":0.91,\"cpuMsPerRun\":30.25,\"chosen\":\"cpu\"}}");
  }

  @Test
  void noWorkersNoTypes() {
    assertThat(Json.text(TypesBody.of(new Catalog(Map.of())))).isEqualTo("{\"types\":[]}");
  }
}
