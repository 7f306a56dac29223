package io.tasklane.protocol.dispatch;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.spi.LaneChoice;

/**
 * One task type a worker offers, as it tells the broker.
 *
 * @param type the name job files use
 * @param declared the lane its handler asks for ({@code auto} when the worker measures it)
 * @param lane the lane its tasks go to now: the declared one, or for {@code auto} the one chosen
 *     (the CPU lane until the worker has measured enough)
 * @param input the input it accepts, as JSON Schema text ({@code {}}: anything)
 * @param source where it comes from: {@code built-in}, or the plugin jar (name, version, digest)
 * @param description one line for {@code tasklane types}; may be empty
 * @param measured what the worker measured of the type's runs (a function handler's), or null
 *     before it ran any: the figures behind an {@code auto} choice, also the lane tasks that say
 *     {@code lane: auto} go to
 */
public record TypeOffer(
    String type, LaneChoice declared, Lane lane, String input, String source, String description,
    Measured measured)
    implements CborSerializable {

  /**
   * The worker's figures for a type: thread CPU time over wall time of its recent runs (of a
   * function handler's compute; of an I/O handler's synchronous start, which holds the I/O lane's
   * thread).
   *
   * @param samples runs measured in the window the figures are over
   * @param cpuRatio CPU time / wall time, 0 (only waits) to 1 (only computes)
   * @param cpuMsPerRun mean thread CPU time of a measured run, in milliseconds
   * @param chosen the lane the worker chose from them (function handlers), or null while it has
   *     too few samples or for an I/O handler
   * @param warning why the type worries the worker (an {@code io} type that burns CPU on the I/O
   *     lane's thread), or null
   */
  public record Measured(int samples, double cpuRatio, double cpuMsPerRun, Lane chosen, String warning)
      implements CborSerializable {}

  @JsonCreator
  public TypeOffer {
    input = input == null || input.isBlank() ? "{}" : input;
    source = source == null ? "" : source;
    description = description == null ? "" : description;
  }

  /** An offer with nothing measured yet. */
  public TypeOffer(String type, LaneChoice declared, Lane lane, String input, String source, String description) {
    this(type, declared, lane, input, source, description, null);
  }

  /** The lane tasks of this type that say {@code lane: auto} go to on this worker now. */
  public Lane autoLane() {
    return measured != null && measured.chosen() != null ? measured.chosen() : lane;
  }

  /** The same offer with these figures (and, for an {@code auto} type, the lane they chose). */
  public TypeOffer with(Measured figures) {
    Lane now = declared == LaneChoice.AUTO && figures != null && figures.chosen() != null ? figures.chosen() : lane;
    return new TypeOffer(type, declared, now, input, source, description, figures);
  }
}
