package io.tasklane.worker.task;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger a handler gets ({@code TaskContext.log()}): a {@link System.Logger}, so that the
 * SPI needs nothing but the JDK, written to the worker's SLF4J/logback output like every other
 * line of the node. Without this bridge System.Logger goes to java.util.logging, which the
 * worker does not configure. The logger is named {@code tasklane.task.<type>} (levels can be set
 * per type in logback.xml) and each line starts with the job, task and attempt.
 */
final class TaskLog implements System.Logger {

  /** Logger names of handlers: {@code tasklane.task.} and the type. */
  static final String PREFIX = "tasklane.task.";

  private final Logger log;
  private final String context;

  TaskLog(String type, String jobId, String taskId, int attempt) {
    this.log = LoggerFactory.getLogger(PREFIX + type);
    this.context = "Job " + jobId + " task " + taskId + " (attempt " + attempt + "): ";
  }

  @Override
  public String getName() {
    return log.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return switch (level) {
      case ALL, TRACE -> log.isTraceEnabled();
      case DEBUG -> log.isDebugEnabled();
      case INFO -> log.isInfoEnabled();
      case WARNING -> log.isWarnEnabled();
      case ERROR -> log.isErrorEnabled();
      case OFF -> false;
    };
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (isLoggable(level)) {
      write(level, context + localized(bundle, message), thrown);
    }
  }

  /** {@code format} in {@link MessageFormat} syntax ({@code {0}}), as System.Logger defines. */
  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (isLoggable(level)) {
      String pattern = localized(bundle, format);
      String text = params == null || params.length == 0 ? pattern : format(pattern, params);
      write(level, context + text, null);
    }
  }

  @Override
  public void log(Level level, Supplier<String> message) {
    if (isLoggable(level)) {
      write(level, context + message.get(), null);
    }
  }

  private void write(Level level, String text, Throwable thrown) {
    switch (level) {
      case ALL, TRACE -> log.trace(text, thrown);
      case DEBUG -> log.debug(text, thrown);
      case INFO -> log.info(text, thrown);
      case WARNING -> log.warn(text, thrown);
      case ERROR -> log.error(text, thrown);
      case OFF -> { }
    }
  }

  private static String format(String pattern, Object[] params) {
    try {
      return new MessageFormat(pattern).format(params);
    } catch (IllegalArgumentException e) {
      return pattern; // a pattern MessageFormat cannot read: the line as written
    }
  }

  private static String localized(ResourceBundle bundle, String key) {
    if (bundle == null || key == null) {
      return key;
    }
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }
}
