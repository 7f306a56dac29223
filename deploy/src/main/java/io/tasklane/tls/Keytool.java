package io.tasklane.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The running JDK's own {@code keytool}: X.509 certificates cannot be made with public JDK APIs,
 * and keytool is in every JDK (no openssl, no download). Passwords go through the environment
 * ({@code -storepass:env}), never the command line, where {@code ps} would show them.
 */
final class Keytool {

  /** keytool is a short-lived JVM: a quick start matters more than peak speed. */
  private static final List<String> QUICK_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

  private final Path executable;
  private final Path workDir;
  private final Map<String, String> env;

  /**
   * @param workDir where relative file names resolve
   * @param env the passwords, by the variable names the arguments use with {@code :env}
   */
  Keytool(Path workDir, Map<String, String> env) throws IOException {
    this.executable = locate();
    this.workDir = workDir;
    this.env = Map.copyOf(env);
  }

  /** {@code keytool args…}; its output when it succeeds, an exception with its output when not. */
  String run(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(QUICK_JVM);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close(); // no prompts: every answer is on the command line
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IOException("keytool " + args[0] + " failed (exit " + exit + "): " + output);
      }
      return output;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", interrupted);
    }
  }

  /** keytool next to the running {@code java}; a JRE or jlinked runtime without it gets a clear refusal. */
  static Path locate() throws IOException {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    for (String name : List.of("keytool", "keytool.exe")) {
      if (Files.isExecutable(bin.resolve(name))) {
        return bin.resolve(name);
      }
    }
    throw new IOException("no keytool in " + bin + ": certs init runs the JDK's keytool; run it with a full "
        + "JDK (any machine will do: copy the directory it makes)");
  }
}
