package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.spi.TaskHandler;
import io.tasklane.worker.settings.ExecAllow;
import io.tasklane.worker.settings.ExecSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerRegistryTest {

  private static final ExecHandler EXEC =
      new ExecHandler(new ExecSettings(ExecAllow.OFF, 1024, Duration.ofSeconds(1)), "w1");

  @Test
  void offersTheBuiltInsWithTheirLanes() {
    HandlerRegistry registry = HandlerRegistry.load(Path.of("no-such-plugin-dir"), EXEC);
    assertThat(registry.catalog())
        .containsEntry("noop", Lane.IO)
        .containsEntry("sleep", Lane.IO)
        .containsEntry("http.get", Lane.IO)
        .containsEntry("file.download", Lane.IO)
        .containsEntry("sha256", Lane.CPU)
        .containsEntry("factorial", Lane.CPU)
        .doesNotContainKey("exec")
        .doesNotContainKey("plugin-echo");
    assertThat(registry.find("sha256")).containsInstanceOf(Sha256Handler.class);
    assertThat(registry.find("nope")).isEmpty();
  }

  @Test
  void offersExecOnlyWhereTheNodeAllowsIt() {
    assertThat(HandlerRegistry.load(Path.of("no-such-plugin-dir"), EXEC).offers()).doesNotContainKey("exec");
    ExecHandler allowed = new ExecHandler(new ExecSettings(ExecAllow.parse("echo"), 1024, Duration.ofSeconds(1)), "w1");
    HandlerRegistry registry = HandlerRegistry.load(Path.of("no-such-plugin-dir"), allowed);
    assertThat(registry.catalog()).containsEntry("exec", Lane.CPU);
    assertThat(registry.find("exec")).containsSame(allowed);
  }

  @Test
  void keepsTheFirstHandlerOfADuplicateType() {
    TaskHandler first = new NoopHandler();
    HandlerRegistry registry = HandlerRegistry.of(List.of(first, new NoopHandler()));
    assertThat(registry.catalog()).hasSize(1);
    assertThat(registry.find("noop")).containsSame(first);
  }

  @Test
  void loadsHandlersFromJarsInThePluginFolder(@TempDir Path plugins) throws Exception {
    try (OutputStream file = Files.newOutputStream(plugins.resolve("echo.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry("META-INF/services/" + TaskHandler.class.getName()));
      jar.write((PluginEchoHandler.class.getName() + "\n" + NoopHandler.class.getName() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    HandlerRegistry registry = HandlerRegistry.load(plugins, EXEC);
    assertThat(registry.catalog()).containsEntry("plugin-echo", Lane.CPU);
    assertThat(registry.find("noop").orElseThrow().getClass()).isEqualTo(NoopHandler.class);
    assertThat(registry.catalog().keySet()).startsWith("noop", "sleep", "http.get", "file.download", "sha256", "factorial");
  }
}
