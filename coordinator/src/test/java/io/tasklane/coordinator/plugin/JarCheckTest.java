package io.tasklane.coordinator.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCheckTest {

  private static final String DIGEST = "0123456789abcdef".repeat(4);
  /** The test's class path without the sample handlers: they must come from the jars. */
  private static final ClassLoader PARENT = new ClassLoader(JarCheckTest.class.getClassLoader()) {
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(TestJars.PACKAGE.replace('/', '.'))) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  };

  @TempDir Path dir;

  private JarCheck.CheckedJar check(Path jar) throws PluginRefused {
    return JarCheck.check(jar.getFileName().toString(), jar, DIGEST, PARENT);
  }

  @Test
  void aGoodJarGivesItsManifestNameVersionAndTypes() throws Exception {
    Path jar = TestJars.jar(dir, "whatever.jar", List.of("EchoHandler"), List.of("EchoHandler"), "echo", "1.2.3");

    assertThat(check(jar)).isEqualTo(new JarCheck.CheckedJar("echo", "1.2.3", List.of("sample.echo")));
  }

  @Test
  void withoutAManifestNameTheFileNameGivesNameAndVersion() throws Exception {
    Path jar = TestJars.jar(dir, "echo-plugin-2.0-SNAPSHOT.jar", List.of("EchoHandler"), List.of("EchoHandler"),
        "Echo Plugin :: with spaces", null);

    assertThat(check(jar)).isEqualTo(new JarCheck.CheckedJar("echo-plugin", "2.0-SNAPSHOT", List.of("sample.echo")));
  }

  @Test
  void withoutAnyVersionTheDigestNamesIt() throws Exception {
    Path jar = TestJars.jar(dir, "echo.jar", List.of("EchoHandler"), List.of("EchoHandler"), null, null);

    assertThat(check(jar).version()).isEqualTo(DIGEST.substring(0, 12));
  }

  @Test
  void refusesWhatIsNotAJar() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.jar"), "hello");

    assertThatThrownBy(() -> check(file)).isInstanceOf(PluginRefused.class)
        .hasMessageStartingWith("plugin notes.jar refused: not a jar");
  }

  @Test
  void refusesAJarWithoutHandlers() throws Exception {
    Path jar = TestJars.jar(dir, "empty-1.0.jar", List.of("EchoHandler"), null, null, null);

    assertThatThrownBy(() -> check(jar)).hasMessage(
        "plugin empty-1.0.jar refused: no task handlers: the jar has no META-INF/services/io.tasklane.spi.TaskHandler");
  }

  @Test
  void refusesAProviderClassThatIsNotInTheJar() throws Exception {
    Path jar = TestJars.jar(dir, "missing-1.0.jar", List.of(), List.of("EchoHandler"), null, null);

    assertThatThrownBy(() -> check(jar)).hasMessageContaining("plugin missing-1.0.jar refused: class "
        + "io.tasklane.coordinator.plugin.sample.EchoHandler").hasMessageContaining("is not in the jar");
  }

  @Test
  void refusesAConstructorThatThrows() throws Exception {
    Path jar = TestJars.jar(dir, "throwing-1.0.jar", List.of("ThrowingHandler"), List.of("ThrowingHandler"), null, null);

    assertThatThrownBy(() -> check(jar)).hasMessageContaining("the constructor of "
        + "io.tasklane.coordinator.plugin.sample.ThrowingHandler threw java.lang.IllegalStateException: boom");
  }

  @Test
  void refusesTwoHandlersOfOneType() throws Exception {
    Path jar = TestJars.jar(dir, "twins-1.0.jar", List.of("EchoHandler", "EchoTwinHandler"),
        List.of("EchoHandler", "EchoTwinHandler"), null, null);

    assertThatThrownBy(() -> check(jar)).hasMessage("plugin twins-1.0.jar refused: two handlers offer type 'sample.echo'");
  }

  @Test
  void refusesATypeWithAnAt() throws Exception {
    Path jar = TestJars.jar(dir, "at-1.0.jar", List.of("AtHandler"), List.of("AtHandler"), null, null);

    assertThatThrownBy(() -> check(jar)).hasMessageContaining("has type 'sample@1'");
  }

  @Test
  void refusesAProviderThatIsNoHandler() throws Exception {
    Path jar = TestJars.jar(dir, "odd-1.0.jar", List.of("NotAHandler"), List.of("NotAHandler"), null, null);

    assertThatThrownBy(() -> check(jar)).hasMessageContaining("does not implement io.tasklane.spi.TaskHandler");
  }

  @Test
  void readsServiceFilesLikeServiceLoader() {
    assertThat(JarCheck.providers("# c\n a.B \n\na.C # x\na.B\n")).containsExactly("a.B", "a.C");
  }
}
