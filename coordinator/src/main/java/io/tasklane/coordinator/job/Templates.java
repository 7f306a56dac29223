package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.TaskSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A job's task templates and their numbering: the spec's, then those appended to an open job,
 * task {@code i} being a copy of the template whose range holds {@code i}. Tasks are never
 * materialized until they are sent; a job of a million tasks is a handful of templates.
 */
final class Templates {

  /**
   * One template and what the hot paths need of it, worked out once: its first task, whether
   * its input has the index placeholder, roughly how many bytes one of its tasks takes on the
   * wire, when its tasks were queued (epoch ms: the submit, or their append), and its id and
   * type as JSON strings, escaped once for all its result lines.
   */
  record Template(TaskTemplate spec, int start, boolean placeholder, int wireBytes, long queuedAt,
      byte[] quotedId, byte[] quotedType) {

    Template(TaskTemplate spec, int start, long queuedAt) {
      this(spec, start, spec.hasPlaceholder(), estimateWireBytes(spec), queuedAt,
          spec.id() == null ? null : ResultLines.quoted(spec.id()), ResultLines.quoted(spec.type()));
    }

    int end() {
      return start + spec.count();
    }

    /** Where its tasks are counted; for an auto template only until each is sent. */
    Lane lane() {
      return spec.lane();
    }

    boolean auto() {
      return spec.auto();
    }
  }

  private final List<Template> templates = new ArrayList<>();
  /** Each template's first task (the first {@code templates.size()} entries), for a binary search. */
  private int[] starts = new int[1];
  private int total;
  /**
   * Tasks of auto templates counted in (and, once sent, run in) the I/O lane; the others of auto
   * templates are counted in the CPU lane. Null until the job has an auto template.
   */
  private BitSet autoOnIo;

  /** Numbers {@code added} on from the last task; returns the first one's index. */
  int add(List<TaskTemplate> added, long at) {
    int first = total;
    for (TaskTemplate template : added) {
      if (template.lane() == null) {
        throw new IllegalArgumentException("task template " + templates.size() + " has no lane");
      }
      int t = templates.size();
      if (t == starts.length) {
        starts = Arrays.copyOf(starts, t * 2);
      }
      starts[t] = total;
      int end = Math.addExact(total, template.count());
      templates.add(new Template(template, total, at));
      if (template.auto()) {
        if (autoOnIo == null) {
          autoOnIo = new BitSet();
        }
        autoOnIo.set(total, end, template.lane() == Lane.IO);
      }
      total = end;
    }
    return first;
  }

  /** How many tasks the templates stand for. */
  int total() {
    return total;
  }

  /** How many templates there are. */
  int count() {
    return templates.size();
  }

  /** Template number {@code t}, in the order they were added. */
  Template get(int t) {
    return templates.get(t);
  }

  /** The template task {@code index} is a copy of. */
  Template of(int index) {
    int found = Arrays.binarySearch(starts, 0, templates.size(), index);
    // several empty templates cannot exist (count >= 1), so an exact match is the template
    return templates.get(found >= 0 ? found : -found - 2);
  }

  /** The lane task {@code index} is counted in: its template's, or for an auto task where it was sent. */
  Lane laneOf(int index) {
    Template template = of(index);
    return template.auto() ? autoLane(index) : template.lane();
  }

  /** Where auto task {@code index} is counted (or ran). */
  Lane autoLane(int index) {
    return autoOnIo.get(index) ? Lane.IO : Lane.CPU;
  }

  /** Auto task {@code index} is counted in {@code lane} from now on (it was sent there). */
  void moveAuto(int index, Lane lane) {
    autoOnIo.set(index, lane == Lane.IO);
  }

  /** When task {@code index} was queued (epoch ms): its job's submit, or its append. */
  long queuedAt(int index) {
    return of(index).queuedAt();
  }

  private static int estimateWireBytes(TaskTemplate template) {
    int id = template.id() == null ? 8 : template.id().length() + 8;
    int item = template.foreach() != null && template.foreach().lines() != null ? 256 : 0;
    return 48 + id + template.type().length() + template.input().toString().length() + item;
  }

  /** Task {@code index} of {@code template}, as it is sent to a worker. */
  static TaskSpec materialize(Template template, int index, Lane lane) {
    return template.spec().materialize(index, index - template.start(), template.placeholder(), lane);
  }
}
