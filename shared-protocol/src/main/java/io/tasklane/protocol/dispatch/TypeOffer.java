package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.spi.LaneChoice;

/**
 * One task type a worker offers, as it tells the broker.
 *
 * @param type the name job files use
 * @param declared the lane its handler asks for ({@code auto} when the worker measures it)
 * @param lane the lane its tasks go to now: the declared one, or for {@code auto} the one chosen
 * @param input the input it accepts, as JSON Schema text ({@code {}}: anything)
 * @param source where it comes from: {@code built-in}, or the plugin jar (name, version, digest)
 * @param description one line for {@code tasklane types}; may be empty
 */
public record TypeOffer(
    String type, LaneChoice declared, Lane lane, String input, String source, String description)
    implements CborSerializable {

  public TypeOffer {
    input = input == null || input.isBlank() ? "{}" : input;
    source = source == null ? "" : source;
    description = description == null ? "" : description;
  }
}
