package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium, driven through its chromedriver (Selenium). Nothing is downloaded:
 * both binaries must be installed ({@code apt-get install chromium chromium-driver}, as
 * {@code .ci/run} does); without them the test fails and says so, it does not skip.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /** A fresh browser (its own profile under {@code profile}); screenshots go to {@code screenshots}. */
  static Browser start(Path profile, Path screenshots, Path driverLog) throws IOException {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("the dashboard test needs %s and %s: apt-get install -y chromium chromium-driver", CHROMIUM, CHROMEDRIVER)
        .isTrue();
    Files.createDirectories(screenshots);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(driverLog.toFile())
        .build();
    ChromeOptions options = new ChromeOptions();
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 1000));
    return new Browser(driver, screenshots);
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement one(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** The text of the first element {@code css} selects, "" if there is none. */
  String text(String css) {
    List<WebElement> found = all(css);
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  /**
   * Waits up to {@code seconds} for {@code condition}, tolerating elements that are redrawn
   * meanwhile. When it does not come: a screenshot, and the page's console in the failure.
   */
  void await(String what, int seconds, Callable<Boolean> condition) throws IOException {
    try {
      Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(condition);
    } catch (ConditionTimeoutException late) {
      Path shot = screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
      throw new AssertionError(what + " did not come within " + seconds + " s (screenshot " + shot + "); console:\n"
          + String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(String::valueOf).toList()),
          late);
    }
  }

  /** Saves the page as {@code name}.png among the test's artifacts; returns the file. */
  Path screenshot(String name) throws IOException {
    Path file = screenshots.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
