package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.TaskStatus;

/**
 * Pages of a job's result lines, rendered when asked for: in task order (the results API), or in
 * the order the tasks ended (a follower's cursor). A page ends early once its text reaches
 * {@code maxBytes} (it always holds at least one line): pages travel as one message, and outputs
 * of up to a megabyte each must not make one huge.
 */
final class ResultPages {

  private final Templates templates;
  private final ResultLog log;

  ResultPages(Templates templates, ResultLog log) {
    this.templates = templates;
    this.log = log;
  }

  /** Results of ended tasks from {@code from} on, at most {@code max}, in task order. */
  ResultsPage inTaskOrder(int from, int max, boolean failedOnly, long maxBytes) {
    int total = templates.total();
    ResultLines text = new ResultLines();
    int index = Math.max(0, from);
    int count = 0;
    while (index < total && count < max && (count == 0 || text.length() < maxBytes)) {
      index = log.nextEnded(index);
      if (index < 0) {
        index = total;
        break;
      }
      if (!failedOnly || !log.succeeded(index)) {
        lineOf(index, text);
        count++;
      }
      index++;
    }
    return new ResultsPage(text.text(), count, index, index >= total);
  }

  /**
   * Results in the order the tasks ended, from the {@code from}-th ended task on; {@code next} is
   * the cursor to go on from, {@code complete} true once the job has ended ({@code jobEnded}) and
   * every result was read.
   */
  ResultsPage inEndOrder(int from, int max, boolean failedOnly, long maxBytes, boolean jobEnded) {
    ResultLines text = new ResultLines();
    int position = Math.max(0, from);
    int count = 0;
    while (position < log.endedCount() && count < max && (count == 0 || text.length() < maxBytes)) {
      int index = log.endedAt(position++);
      if (!failedOnly || !log.succeeded(index)) {
        lineOf(index, text);
        count++;
      }
    }
    return new ResultsPage(text.text(), count, position, jobEnded && position >= log.endedCount());
  }

  /** Task {@code index}'s result line: {@code {"id", "type", "lane", "status", "output", "error", "attempts", "worker", "thread"}}. */
  private void lineOf(int index, ResultLines out) {
    Templates.Template of = templates.of(index);
    TaskTemplate template = of.spec();
    out.ascii("{\"id\":");
    if (template.id() == null) {
      out.ascii("\"").number(index).ascii("\"");
    } else if (template.numbered()) {
      byte[] id = of.quotedId();
      out.raw(id, 0, id.length - 1).ascii("-").number(index - of.start()).ascii("\"");
    } else {
      out.raw(of.quotedId());
    }
    out.ascii(",\"type\":").raw(of.quotedType())
        .ascii(",\"lane\":\"").ascii((of.auto() ? templates.autoLane(index) : template.lane()).wireName()).ascii("\"");
    if (log.hasResult(index)) {
      log.writeFields(index, out);
    } else {
      out.ascii(",\"status\":\"").ascii(TaskStatus.CANCELLED.wireName())
          .ascii("\",\"output\":null,\"error\":\"job cancelled\",\"attempts\":0,\"worker\":null,\"thread\":null");
    }
    out.ascii("}\n");
  }
}
