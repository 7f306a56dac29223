package io.tasklane.spi.testing;

import java.util.List;

/**
 * The input does not fit the handler's {@link io.tasklane.spi.InputSchema}: the coordinator would
 * refuse the job at submit, so {@link TaskHarness} does not run the handler either.
 */
public final class InputRefused extends IllegalArgumentException {

  private final List<String> problems;

  InputRefused(String type, List<String> problems) {
    super("input refused for type '" + type + "': " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each naming the field. */
  public List<String> problems() {
    return problems;
  }
}
