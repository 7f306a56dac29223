package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The live dashboard in headless Chromium against a real local cluster (a coordinator and two
 * workers): log in with the token, see both workers, watch a job's bars move to 100 %, read a
 * failed task's error on its page, cancel another job (only once confirmed), see a kill -9'd
 * worker marked unreachable, and after a kill -9 and restart of the coordinator see the page
 * reconnect by itself and the history still there. What the page shows is checked against the
 * API. Screenshots: {@code deploy/target/dashboard-it/}.
 */
class DashboardIT {

  private static final String PROGRESS = """
      {"name": "dash-progress", "defaults": {"timeout": "30s", "retries": 0},
       "tasks": [
         {"id": "nap", "type": "sleep", "repeat": 40, "input": {"ms": "${i}00"}},
         {"id": "hash", "type": "sha256", "repeat": 12, "input": {"iterations": 300000}},
         {"id": "boom", "type": "exec", "retries": 1,
          "input": {"argv": ["sh", "-c", "echo kaboom-from-task >&2; exit 3"]}}
       ]}
      """;
  private static final int PROGRESS_TASKS = 53;
  private static final String LONG = """
      {"name": "dash-cancel", "defaults": {"timeout": "300s"},
       "tasks": [{"id": "long", "type": "sleep", "repeat": 50, "input": {"ms": 240000}}]}
      """;

  @TempDir Path work;
  @TempDir Path profile;
  private final Steps steps = new Steps("DashboardIT");
  private final Path artifacts = Path.of(System.getProperty("tasklane.jar", "target/tasklane.jar"))
      .resolveSibling("dashboard-it");

  @Test
  void theDashboardShowsTheClusterAndItsJobsLiveAndSurvivesDeathsAndRestarts() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of());
        Browser browser = Browser.start(profile, artifacts, artifacts.resolve("chromedriver.log"))) {
      Api api = cluster.api();
      String server = api.server().toString();
      steps.log("cluster up at %s", server);

      // Log in: the page asks for the token; a wrong one is refused.
      browser.open(server + "/");
      browser.await("the login form", 20, () -> browser.one("#login").isDisplayed());
      login(browser, "not-the-token");
      browser.await("a wrong token refused", 10, () -> browser.text("#login-error").contains("invalid token"));
      login(browser, api.token());
      browser.await("the overview", 20, () -> browser.one("#overview").isDisplayed());
      assertThat(browser.driver().getCurrentUrl()).as("the token is never in a URL").doesNotContain(api.token());

      // Both workers, each with both lanes, up.
      List<LocalCluster.Node> workers = cluster.workers();
      browser.await("both workers with their lanes", 30, () -> workers.stream().allMatch(worker ->
          state(browser, worker).equals("up")
              && browser.all(node(worker) + " .lane[data-lane=io]").size() == 1
              && browser.all(node(worker) + " .lane[data-lane=cpu]").size() == 1));
      assertThat(state(browser, cluster.coordinator())).isEqualTo("up");
      browser.screenshot("1-cluster");

      // A job: its bars move, then reach 100 %, and the page's figures are the API's.
      String progress = api.submit(PROGRESS);
      String row = ".job-row[data-id='" + progress + "']";
      Set<Integer> seen = new TreeSet<>();
      browser.await("the job's bars at 100 %", 60, () -> {
        int pct = Integer.parseInt(browser.one(row + " .lanebar[data-lane=io]").getDomAttribute("data-pct"));
        if (pct >= 40 && pct < 90 && seen.stream().noneMatch(p -> p >= 40 && p < 90)) {
          browser.screenshot("2-job-running");
        }
        seen.add(pct);
        return seen.contains(100) && "100".equals(browser.one(row + " .lanebar[data-lane=cpu]").getDomAttribute("data-pct"))
            && browser.one(row).getDomAttribute("data-state").equals("failed");
      });
      steps.log("io lane progress seen: %s", seen);
      assertThat(seen).as("the bar moved: a value between 0 and 100 was shown").anyMatch(pct -> pct > 0 && pct < 100);
      JsonNode status = api.status(progress);
      assertThat(status.get("state").asText()).isEqualTo("failed");
      assertThat(browser.text(row + " .lanebar[data-lane=io] .figures")).isEqualTo("40/40 100%");
      assertThat(browser.text(row + " .lanebar[data-lane=cpu] .figures")).isEqualTo("13/13 100%");
      browser.screenshot("2-job-ended");

      // Its page: the failed task with its error and attempts; the counts; each worker's share.
      browser.one(row + " .title a").click();
      browser.await("the failed task's error", 30, () ->
          browser.text("#job-failed tr[data-task=boom] td.error").contains("kaboom-from-task"));
      assertThat(browser.all("#job-failed tr[data-task=boom] td").get(4).getText()).as("attempts").isEqualTo("2");
      assertThat(browser.text("#job-counts tr[data-lane=cpu] td[data-status=failed]")).isEqualTo("1");
      assertThat(browser.text("#job-counts tr[data-lane=io] td[data-status=succeeded]")).isEqualTo("40");
      browser.await("every task in the workers' shares", 20, () -> shared(browser) == PROGRESS_TASKS);
      JsonNode history = Api.JSON.readTree(api.get("/api/jobs/" + progress + "/history").body());
      assertThat(history.get("timeline")).as("every task on the timeline").hasSize(PROGRESS_TASKS);
      browser.screenshot("3-job-page");

      // Another job, cancelled from its page: nothing happens until the confirmation.
      String doomed = api.submit(LONG);
      sessionCookieOpensTheApiButChangesOnlyFromThePage(api, doomed);
      browser.open(server + "/#/jobs/" + doomed);
      browser.await("the running job's cancel button", 20, () -> browser.one("#cancel").isDisplayed());
      browser.one("#cancel").click();
      browser.await("the confirmation", 10, () -> browser.one("#confirm").isDisplayed());
      browser.one("#confirm-no").click();
      browser.await("the confirmation closed", 10, () -> !browser.one("#confirm").isDisplayed());
      assertThat(api.status(doomed).get("state").asText()).as("kept running").isEqualTo("running");
      browser.one("#cancel").click();
      browser.await("the confirmation again", 10, () -> browser.one("#confirm").isDisplayed());
      browser.one("#confirm-yes").click();
      JsonNode cancelled = api.awaitEnded(doomed, Duration.ofSeconds(30));
      assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
      browser.await("the page shows it cancelled", 20, () -> browser.text("#job-state").equals("cancelled"));
      browser.screenshot("4-cancelled");

      // kill -9 of a worker: marked unreachable while the other stays up.
      browser.open(server + "/#/");
      LocalCluster.Node victim = workers.get(0);
      Processes.kill9(victim.pid());
      steps.log("worker %s killed", victim.address());
      browser.await("the killed worker unreachable", 30, () -> state(browser, victim).equals("unreachable"));
      assertThat(state(browser, workers.get(1))).isEqualTo("up");
      browser.screenshot("5-worker-unreachable");

      // kill -9 and restart of the coordinator: the page reconnects by itself, a new job shows up.
      LocalCluster.Node coordinator = cluster.coordinator();
      List<String> command = Processes.commandLine(coordinator.pid());
      Processes.kill9(coordinator.pid());
      browser.await("the page sees the stream drop", 30, () -> browser.one("#conn").getDomAttribute("class").contains("down"));
      cluster.restart(command, work.resolve(".tasklane/logs/coordinator-restarted.log"));
      steps.log("coordinator restarted");
      String[] after = new String[1];
      browser.await("the restarted coordinator takes a job", 90, () -> {
        after[0] = api.submit("{\"name\": \"after-restart\", \"tasks\": [{\"type\": \"noop\", \"repeat\": 3}]}");
        return true;
      });
      browser.await("the new job on the page without a reload", 60, () ->
          "succeeded".equals(browser.one(".job-row[data-id='" + after[0] + "']").getDomAttribute("data-state")));
      assertThat(browser.one("#conn").getText()).isEqualTo("live");

      // A reload needs no new login; the history is the journal's.
      browser.driver().navigate().refresh();
      browser.await("the jobs from before the restart", 30, () ->
          "failed".equals(browser.one(row).getDomAttribute("data-state"))
              && "cancelled".equals(browser.one(".job-row[data-id='" + doomed + "']").getDomAttribute("data-state")));
      assertThat(browser.one("#login").isDisplayed()).as("still logged in").isFalse();
      browser.screenshot("6-after-restart");
      browser.one(row + " .title a").click();
      browser.await("the failed task's error after the restart", 30, () ->
          browser.text("#job-failed tr[data-task=boom] td.error").contains("kaboom-from-task"));
      browser.await("the shares from the journal", 20, () -> shared(browser) == PROGRESS_TASKS);
      browser.driver().manage().window().setSize(new Dimension(420, 900));
      browser.screenshot("7-job-page-phone");
      steps.log("done");
    }
  }

  /** From outside the browser: what a session cookie may do, and that it is not the token. */
  private static void sessionCookieOpensTheApiButChangesOnlyFromThePage(Api api, String running) throws Exception {
    HttpResponse<String> login = api.send(HttpRequest.newBuilder(URI.create(api.server() + "/api/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + api.token() + "\"}")).build());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(204);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(api.token());
    String cookie = setCookie.split(";")[0];
    HttpResponse<String> list = api.send(HttpRequest.newBuilder(URI.create(api.server() + "/api/jobs"))
        .header("Cookie", cookie).GET().build());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    HttpResponse<String> forged = api.send(HttpRequest.newBuilder(URI.create(api.server() + "/api/jobs/" + running))
        .header("Cookie", cookie).DELETE().build());
    assertThat(forged.statusCode()).as("a cancel with the cookie alone: %s", forged.body()).isEqualTo(403);
    assertThat(api.status(running).get("state").asText()).isEqualTo("running");
    char last = cookie.charAt(cookie.length() - 1);
    HttpResponse<String> altered = api.send(HttpRequest.newBuilder(URI.create(api.server() + "/api/jobs"))
        .header("Cookie", cookie.substring(0, cookie.length() - 1) + (last == '0' ? '1' : '0')).GET().build());
    assertThat(altered.statusCode()).as("an altered cookie: %s", altered.body()).isEqualTo(401);
  }

  private static void login(Browser browser, String token) {
    WebElement field = browser.one("#token");
    field.clear();
    field.sendKeys(token);
    browser.one("#login-form button[type=submit]").click();
  }

  private static String node(LocalCluster.Node node) {
    return ".node[data-address='" + node.address() + "']";
  }

  private static String state(Browser browser, LocalCluster.Node node) {
    List<WebElement> found = browser.all(node(node));
    return found.isEmpty() ? "" : found.get(0).getDomAttribute("data-state");
  }

  /** The tasks the share rows count, added up ("n · p%" each). */
  private static int shared(Browser browser) {
    int sum = 0;
    for (WebElement count : browser.all("#job-share .share .count")) {
      sum += Integer.parseInt(count.getText().split(" ")[0]);
    }
    return sum;
  }
}
