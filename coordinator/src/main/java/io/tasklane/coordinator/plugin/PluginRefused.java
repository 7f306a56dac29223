package io.tasklane.coordinator.plugin;

/** A plugin jar that is not kept, and why; the message names the jar. */
public final class PluginRefused extends Exception {

  public PluginRefused(String message) {
    super(message, null, false, false);
  }
}
