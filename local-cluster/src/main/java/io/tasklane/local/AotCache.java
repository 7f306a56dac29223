package io.tasklane.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The nodes' ahead-of-time cache (JDK 25+, JEPs 483, 514 and 515): classes already loaded and
 * linked, and the method profiles of an earlier run, so a node's JIT compiles the hot paths
 * from its first tasks instead of relearning them on every start.
 *
 * <p>One directory per distribution jar and JDK ({@code <sha of the jar>-jdk<version>}) holds
 * the copy of the jar the nodes run from (a cache is valid only for the classpath it was
 * recorded with) and one cache per role. A node started while its role has no cache records
 * one ({@code -XX:AOTCacheOutput}): the JVM writes it when the node stops cleanly ({@code
 * tasklane local down}; a few seconds more), and the next {@code local up} adopts it after
 * checking that the JVM accepts it. So the first local cluster of a build trains, the ones after
 * it start warm. {@code TASKLANE_AOT=off} turns it off; {@code TASKLANE_AOT_DIR} moves it.
 *
 * <p>Where the JVM has it (JDK 25's experimental {@code -XX:+AOTCompileEagerly}), a node started
 * from a cache also compiles the methods the cache's training compiled as soon as their classes
 * are initialized, instead of waiting until each has run thousands of times again: the compiler
 * works while the node starts (about a second of CPU) rather than through its first jobs.
 * {@code TASKLANE_AOT_EAGER=off} leaves it out.
 */
final class AotCache {

  /** The first JDK with one-step training ({@code -XX:AOTCacheOutput}) and cached method profiles. */
  static final int MIN_JDK = 25;
  /** Directories of other jars or JDKs kept besides the current one (the newest first). */
  static final int KEEP_OTHERS = 2;
  private static final Pattern RECORDED = Pattern.compile("(\\w+)-pid(\\d+)\\.aot(\\.config)?");
  /** The name of a directory of ours: {@link #forJar} names them so, and only they are pruned. */
  static final Pattern KEY_DIR = Pattern.compile("[0-9a-f]{16}-jdk[\\w.-]+");
  /** Options that must not go to the check's JVM: logs and recordings of their own, and ours. */
  private static final List<String> NOT_FOR_THE_CHECK = List.of("-Xlog", "-XX:StartFlightRecording", "-XX:AOT",
      "-XX:+FlightRecorder");

  /** Whether the JVM, started with a node's options, takes a cache (file) as it is. */
  interface Check {
    boolean accepts(Path cache, List<String> nodeOptions);
  }

  /**
   * Whether the JVM knows {@link #EAGER}: true or false when it said so, empty when the question
   * went unanswered (timed out, could not start): asked again next time, not remembered.
   */
  interface EagerProbe {
    Optional<Boolean> knows();
  }

  /** The options that make a node compile its cache's trained methods early. */
  static final List<String> EAGER = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly");
  /** The file, in the cache's directory (one JDK's), that remembers whether its JVM knows {@link #EAGER}. */
  static final String EAGER_PROBED = "eager-compile";

  private final Path dir;
  private final Path jar;
  private final Check acceptedByJvm;
  /** Whether the JVM starts with {@link #EAGER}; null when eager compilation is turned off. */
  private final EagerProbe eagerKnown;
  /** Roles a node of which records already, started by this launcher: one recording per role is enough. */
  private final java.util.Set<String> recording = new java.util.HashSet<>();

  AotCache(Path dir, Path jar, Check acceptedByJvm, EagerProbe eagerKnown) {
    this.dir = dir;
    this.jar = jar;
    this.acceptedByJvm = acceptedByJvm;
    this.eagerKnown = eagerKnown;
  }

  /**
   * The cache for {@code jar} run by {@code java} (this JVM's binary and version), or empty
   * where there is none: a JDK before 25, {@code TASKLANE_AOT=off}, or a directory we cannot write.
   */
  static Optional<AotCache> forJar(Path jar, String java, Map<String, String> env) throws IOException {
    if (Runtime.version().feature() < MIN_JDK || "off".equalsIgnoreCase(env.getOrDefault("TASKLANE_AOT", "on"))) {
      return Optional.empty();
    }
    Path root = root(env);
    Path dir = root.resolve(sha256(jar).substring(0, 16) + "-jdk" + Runtime.version().toString().replace('+', '_'));
    try {
      Files.createDirectories(dir);
      Path copy = dir.resolve("tasklane.jar");
      if (!Files.isRegularFile(copy)) {
        Path partial = Files.createTempFile(dir, "tasklane", ".jar.part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
      }
      pruneOthers(root, dir);
      boolean eager = !"off".equalsIgnoreCase(env.getOrDefault("TASKLANE_AOT_EAGER", "on"));
      return Optional.of(new AotCache(dir, copy, (cache, options) -> accepted(java, options, copy, cache),
          eager ? () -> knows(java, EAGER) : null));
    } catch (IOException unwritable) {
      return Optional.empty(); // no cache is only slower
    }
  }

  /** The jar the nodes run from: the cache's own copy. */
  Path jar() {
    return jar;
  }

  Path dir() {
    return dir;
  }

  /**
   * The options for a node of {@code role} started with {@code nodeOptions}: the role's cache
   * when there is one (a finished recording of an earlier node is adopted first if the JVM takes
   * it with these options; an adopted cache is not checked again, and a JVM started later with
   * options it does not fit runs without it), else a recording of its own for the first node of
   * the role this launcher starts, else none (one recording per role is enough, and every
   * recording node builds its cache as it stops).
   */
  List<String> options(String role, List<String> nodeOptions) {
    Path cache = dir.resolve(role + ".aot");
    if (Files.isRegularFile(cache)) {
      recordings(role).forEach(AotCache::deleteQuietly); // of nodes that recorded alongside the adopted one
    } else {
      adopt(role, cache, nodeOptions);
    }
    if (Files.isRegularFile(cache)) {
      List<String> options = new ArrayList<>(List.of("-XX:AOTCache=" + cache));
      // a node option of the user's that sets it either way wins (ours would come after it)
      if (nodeOptions.stream().noneMatch(option -> option.contains("AOTCompileEagerly")) && eagerCompilation()) {
        options.addAll(EAGER);
      }
      return options;
    }
    // Quiet: a recording JVM warns of every class it leaves out of the cache as it stops (hundreds
    // of lines that would bury the node's own last words in its log); errors still show.
    return recording.add(role)
        ? List.of("-XX:AOTCacheOutput=" + dir.resolve(role + "-%p.aot"), "-Xlog:aot=error")
        : List.of();
  }

  /**
   * Whether nodes get {@link #EAGER}: not when turned off, else whether the JVM starts with it,
   * asked once per cache directory (one JDK's) and remembered in {@link #EAGER_PROBED}.
   */
  private boolean eagerCompilation() {
    if (eagerKnown == null) {
      return false;
    }
    Path probed = dir.resolve(EAGER_PROBED);
    try {
      String remembered = Files.readString(probed).strip();
      if (remembered.equals("true") || remembered.equals("false")) {
        return Boolean.parseBoolean(remembered);
      }
    } catch (IOException notYet) {
      // asked below
    }
    Optional<Boolean> known = eagerKnown.knows();
    known.ifPresent(answer -> {
      try {
        // whole or not at all: a launcher reading it meanwhile sees no file or the answer
        Path partial = Files.createTempFile(dir, EAGER_PROBED, ".part");
        Files.writeString(partial, answer.toString());
        Files.move(partial, probed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException unwritable) {
        // asked again next time
      }
    });
    return known.orElse(false);
  }

  /** Moves the first finished recording the JVM accepts to {@code cache}; drops broken ones. */
  private void adopt(String role, Path cache, List<String> nodeOptions) {
    for (Path recorded : recordings(role)) {
      if (recorded.getFileName().toString().endsWith(".config")) {
        deleteQuietly(recorded); // the JVM's intermediate file, left by a node killed while it wrote
        continue;
      }
      if (!acceptedByJvm.accepts(recorded, nodeOptions)) {
        deleteQuietly(recorded); // cut short (the node was killed while it wrote) or unusable
        continue;
      }
      try {
        Files.move(recorded, cache, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (IOException raced) {
        if (Files.isRegularFile(cache)) {
          return; // another launcher adopted one first
        }
      }
    }
  }

  /**
   * The role's recordings (and intermediate {@code .aot.config} files) whose node has exited:
   * the JVM writes the file before it exits.
   */
  private List<Path> recordings(String role) {
    List<Path> done = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, role + "-pid*.aot*")) {
      for (Path file : files) {
        Matcher name = RECORDED.matcher(file.getFileName().toString());
        if (name.matches() && name.group(1).equals(role)
            && ProcessHandle.of(Long.parseLong(name.group(2))).map(ProcessHandle::isAlive).orElse(false) == false) {
          done.add(file);
        }
      }
    } catch (IOException | NumberFormatException unreadable) {
      return List.of();
    }
    done.sort(Comparator.comparing(Path::toString));
    return done;
  }

  /**
   * Whether {@code java}, with the node's options (heap size and GC decide, for one, whether the
   * cache's object layout fits), starts with {@code cache} required ({@code -XX:AOTMode=on}).
   */
  private static boolean accepted(String java, List<String> nodeOptions, Path jar, Path cache) {
    List<String> options = new ArrayList<>();
    nodeOptions.stream().filter(option -> NOT_FOR_THE_CHECK.stream().noneMatch(option::startsWith))
        .forEach(options::add);
    options.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-cp", jar.toString()));
    return knows(java, options).orElse(false); // unsure (no exit in time, no start): not adopted
  }

  /**
   * Whether {@code java} takes {@code options}: true when it runs {@code -version} with them,
   * false when it names one as unrecognized, empty when it could not tell (no start, no exit
   * within 30 s, another failure).
   */
  private static Optional<Boolean> knows(String java, List<String> options) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(options);
    command.add("-version");
    try {
      Path output = Files.createTempFile("tasklane-probe", ".txt");
      try {
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!probe.waitFor(30, TimeUnit.SECONDS)) {
          probe.destroyForcibly();
          return Optional.empty();
        }
        if (probe.exitValue() == 0) {
          return Optional.of(true);
        }
        return Files.readString(output).contains("Unrecognized VM option") ? Optional.of(false) : Optional.empty();
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException failed) {
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Path root(Map<String, String> env) {
    String configured = env.get("TASKLANE_AOT_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cacheHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cacheHome.resolve("tasklane").resolve("aot");
  }

  /**
   * Keeps the {@link #KEEP_OTHERS} newest directories of other builds (a cache is ~100 MB a
   * role); only directories named as ours are touched, whatever else the root holds.
   */
  private static void pruneOthers(Path root, Path current) throws IOException {
    List<Path> others;
    try (Stream<Path> dirs = Files.list(root)) {
      others = dirs.filter(Files::isDirectory).filter(other -> !other.equals(current))
          .filter(other -> KEY_DIR.matcher(other.getFileName().toString()).matches())
          .sorted(Comparator.comparing(AotCache::modified).reversed()).toList();
    }
    others.stream().skip(KEEP_OTHERS).forEach(AotCache::deleteTree);
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException gone) {
      return 0;
    }
  }

  private static void deleteTree(Path dir) {
    // Nodes still running from it keep their open files (Linux); new nodes use another directory.
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(AotCache::deleteQuietly);
    } catch (IOException ignored) {
      // pruned next time
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // left for the next launcher
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
