package io.tasklane.coordinator.plugin.sample;

/** Named as a provider but no TaskHandler, for JarCheckTest. */
public final class NotAHandler {
}
