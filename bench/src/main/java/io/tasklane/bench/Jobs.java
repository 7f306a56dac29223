package io.tasklane.bench;

/** The job specs of the workloads, as the JSON text a user would submit. */
final class Jobs {

  private Jobs() {
  }

  /** {@code n} no-op tasks whose input (echoed back) is their index. */
  static String noop(String name, int n) {
    return job(name, task("t", "noop", n, "{\"i\":\"${i}\"}"));
  }

  /** {@code n} tasks that wait {@code ms} without a thread (I/O lane). */
  static String sleep(String name, int n, long ms) {
    return job(name, task("s", "sleep", n, "{\"ms\":" + ms + "}"));
  }

  /** {@code n} sha256 kernels of {@code iterations} (CPU lane). */
  static String sha256(String name, int n, long iterations) {
    return job(name, task("h", "sha256", n, "{\"iterations\":" + iterations + "}"));
  }

  /** The body of an append to an open job: {@code n} sleep tasks (no ids: appended tasks have none). */
  static String sleepTasks(int n, long ms) {
    return tasks("sleep", n, "{\"ms\":" + ms + "}");
  }

  /** The body of an append to an open job: {@code n} sha256 kernels of {@code iterations}. */
  static String sha256Tasks(int n, long iterations) {
    return tasks("sha256", n, "{\"iterations\":" + iterations + "}");
  }

  private static String tasks(String type, int n, String input) {
    return "{\"tasks\":[{\"type\":\"" + type + "\"" + (n > 1 ? ",\"repeat\":" + n : "") + ",\"input\":" + input + "}]}";
  }

  private static String job(String name, String task) {
    return "{\"name\":\"" + name + "\",\"tasks\":[" + task + "]}";
  }

  private static String task(String id, String type, int n, String input) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\""
        + (n > 1 ? ",\"repeat\":" + n : "")
        + ",\"input\":" + input + "}";
  }
}
