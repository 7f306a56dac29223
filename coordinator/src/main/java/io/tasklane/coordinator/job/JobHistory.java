package io.tasklane.coordinator.job;

import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's past as the dashboard draws it, folded from its journal events (so it is there for any
 * job, running or long ended, also after a coordinator restart): tasks finished per time bucket
 * (the buckets widen so there are at most {@code maxPoints}), how many tasks each worker lane
 * ended and how, and, for a job of at most {@code timelineMaxTasks} tasks, every task's end (its
 * result's journal time) by worker and lane. Tasks ended by a cancel without a result are not in
 * it (their counts are in the job's status). Plain Java, one event at a time.
 */
public final class JobHistory {

  /** One task's end: its position, where it ran, how it ended, when (epoch ms). */
  public record Mark(int task, String worker, String lane, String status, long at) {}

  /** What a worker lane ended for this job, by status. */
  public record Share(String worker, String lane, Map<String, Integer> ended) {}

  /**
   * The folded history: {@code ended[i]} tasks finished in {@code [submittedAt + i * bucketMs,
   * +bucketMs)}; {@code timeline} null when the job has more than {@code timelineMaxTasks} tasks.
   */
  public record View(String id, long submittedAt, long lastAt, long bucketMs, List<Integer> ended,
      List<Share> workers, List<Mark> timeline, int timelineMaxTasks) {}

  private final int maxPoints;
  private final int timelineMaxTasks;
  private final Templates templates = new Templates();
  private final Map<String, Share> shares = new TreeMap<>();
  private List<Mark> marks = new ArrayList<>();
  private String id;
  private long submittedAt;
  private long lastAt;
  private long bucketMs = 1000;
  private int[] buckets = new int[16];
  private int used;

  public JobHistory(int maxPoints, int timelineMaxTasks) {
    this.maxPoints = Math.max(1, maxPoints);
    this.timelineMaxTasks = timelineMaxTasks;
  }

  /** Whether a submit was seen (else there is no such job). */
  public boolean exists() {
    return id != null;
  }

  public void apply(JobEvent event) {
    switch (event) {
      case JobEvent.JobSubmitted submitted -> {
        id = submitted.jobId();
        submittedAt = submitted.at();
        lastAt = submitted.at();
        addTasks(submitted.spec().spec().tasks(), submitted.at());
      }
      case JobEvent.TasksAppended appended -> addTasks(RecordedTemplate.templates(appended.tasks()), appended.at());
      case JobEvent.ResultsRecorded recorded -> record(recorded.worker(), recorded.outcomes(), recorded.at());
      case JobEvent.JobClosed closed -> lastAt = Math.max(lastAt, closed.at());
      case JobEvent.JobCancelled cancelled -> lastAt = Math.max(lastAt, cancelled.at());
    }
  }

  public View view() {
    List<Integer> ended = new ArrayList<>(used);
    for (int i = 0; i < used; i++) {
      ended.add(buckets[i]);
    }
    return new View(id, submittedAt, lastAt, bucketMs, ended, List.copyOf(shares.values()),
        marks == null ? null : List.copyOf(marks), timelineMaxTasks);
  }

  private void addTasks(List<TaskTemplate> added, long at) {
    templates.add(added, at);
    if (templates.total() > timelineMaxTasks) {
      marks = null;
    }
  }

  private void record(String worker, RecordedOutcomes outcomes, long at) {
    if (id == null) {
      return;
    }
    lastAt = Math.max(lastAt, at);
    String who = worker == null ? "" : worker;
    int counted = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      int task = outcomes.index(i);
      if (task < 0 || task >= templates.total()) {
        continue;
      }
      String lane = templates.laneOf(task).wireName();
      TaskStatus status = outcomes.status(i);
      counted++;
      shares.computeIfAbsent(who + '|' + lane, k -> new Share(who, lane, new TreeMap<>()))
          .ended().merge(status.wireName(), 1, Integer::sum);
      if (marks != null) {
        marks.add(new Mark(task, who, lane, status.wireName(), at));
      }
    }
    count(at, counted);
  }

  /** Adds {@code tasks} to the bucket of {@code at}, widening every bucket while there would be too many. */
  private void count(long at, int tasks) {
    long offset = Math.max(0, at - submittedAt);
    while (offset / bucketMs >= maxPoints) {
      int halved = (used + 1) / 2;
      for (int i = 0; i < halved; i++) {
        buckets[i] = buckets[2 * i] + (2 * i + 1 < used ? buckets[2 * i + 1] : 0);
      }
      Arrays.fill(buckets, halved, used, 0);
      used = halved;
      bucketMs *= 2;
    }
    int slot = (int) (offset / bucketMs);
    if (slot >= buckets.length) {
      buckets = Arrays.copyOf(buckets, Math.max(slot + 1, buckets.length * 2));
    }
    buckets[slot] += tasks;
    used = Math.max(used, slot + 1);
  }
}
