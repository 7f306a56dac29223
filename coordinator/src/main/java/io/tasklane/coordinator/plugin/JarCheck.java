package io.tasklane.coordinator.plugin;

import io.tasklane.spi.InputSchema;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a plugin jar before the coordinator keeps it: it is a jar, names its handlers in
 * {@code META-INF/services/io.tasklane.spi.TaskHandler}, and each handler loads, links (the
 * classes its fields and methods name are in the jar or the SPI), constructs and answers its
 * type, lane and input, in a class loader of its own that is thrown away after. Also decides the
 * plugin's name and version: the manifest's {@code Implementation-Title} and
 * {@code Implementation-Version} where they are plain names, else the file name
 * ({@code words-1.2.jar}: words, 1.2), else (no version there) the digest's first 12 digits.
 * Runs user code: call it off actor threads.
 */
public final class JarCheck {

  /** The ServiceLoader file that names a plugin's handlers. */
  public static final String SERVICES = "META-INF/services/" + TaskHandler.class.getName();

  /** Plugin names and versions: what a URL path, a file name and {@code type@version} carry safely. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private static final Pattern NAME_AND_VERSION = Pattern.compile("(.+?)-(\\d[A-Za-z0-9._-]*)");
  private static final Pattern TYPE = Pattern.compile("[^@\\s]{1,200}");

  /** What a checked jar is: its name, version and the task types of its handlers. */
  public record CheckedJar(String name, String version, List<String> types) {

    public CheckedJar {
      types = List.copyOf(types);
    }
  }

  private JarCheck() {}

  /**
   * @param fileName the jar's file name as the user gave it (for messages and the name fallback)
   * @param digest the jar's SHA-256 (for the version fallback)
   * @param parent the class loader that has the SPI (the handlers' loader's parent)
   */
  public static CheckedJar check(String fileName, Path jar, String digest, ClassLoader parent) throws PluginRefused {
    Manifest manifest;
    List<String> providers;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
      JarEntry services = file.getJarEntry(SERVICES);
      if (services == null) {
        throw refused(fileName, "no task handlers: the jar has no " + SERVICES);
      }
      try (InputStream in = file.getInputStream(services)) {
        providers = providers(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | SecurityException notAJar) {
      throw refused(fileName, "not a jar: " + notAJar.getMessage());
    }
    if (providers.isEmpty()) {
      throw refused(fileName, "no task handlers: " + SERVICES + " names no class");
    }
    List<String> types = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader("plugin-check " + fileName, new URL[] {jar.toUri().toURL()}, parent)) {
      for (String provider : providers) {
        String type = checkHandler(fileName, provider, loader);
        if (types.contains(type)) {
          throw refused(fileName, "two handlers offer type '" + type + "'");
        }
        types.add(type);
      }
    } catch (IOException e) {
      throw refused(fileName, "cannot read it: " + e.getMessage());
    }
    String[] fromFile = nameAndVersion(fileName);
    String name = plain(manifest, Attributes.Name.IMPLEMENTATION_TITLE, fromFile[0]);
    String version = plain(manifest, Attributes.Name.IMPLEMENTATION_VERSION,
        fromFile[1] != null ? fromFile[1] : digest.substring(0, 12));
    if (!NAME.matcher(name).matches()) {
      throw refused(fileName, "no usable plugin name: set Implementation-Title in its manifest to letters, digits, "
          + "'.', '_' or '-' (or name the file NAME-VERSION.jar)");
    }
    if (!NAME.matcher(version).matches()) {
      throw refused(fileName, "no usable version: set Implementation-Version in its manifest to letters, digits, "
          + "'.', '_' or '-'");
    }
    return new CheckedJar(name, version, types);
  }

  /** Loads, links, constructs and asks one handler; returns its type. */
  private static String checkHandler(String fileName, String provider, URLClassLoader loader) throws PluginRefused {
    Class<?> type;
    try {
      type = Class.forName(provider, false, loader);
    } catch (ClassNotFoundException missing) {
      throw refused(fileName, "class " + provider + " (named in " + SERVICES + ") is not in the jar");
    } catch (LinkageError broken) {
      throw refused(fileName, "class " + provider + " cannot be loaded: " + broken);
    }
    if (type.getClassLoader() != loader) {
      throw refused(fileName, "class " + provider + " is not in the jar (it is one of Tasklane's own)");
    }
    if (!TaskHandler.class.isAssignableFrom(type)) {
      throw refused(fileName, "class " + provider + " does not implement " + TaskHandler.class.getName());
    }
    TaskHandler handler;
    try {
      // resolves the classes its fields and methods name: a missing library fails here, not in a task
      type.getDeclaredFields();
      type.getDeclaredMethods();
      Constructor<?> constructor = type.getDeclaredConstructor();
      if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(constructor.getModifiers())) {
        throw refused(fileName, "class " + provider + " and its no-argument constructor must be public");
      }
      handler = (TaskHandler) constructor.newInstance();
    } catch (NoSuchMethodException none) {
      throw refused(fileName, "class " + provider + " has no public no-argument constructor");
    } catch (InvocationTargetException thrown) {
      throw refused(fileName, "the constructor of " + provider + " threw " + thrown.getCause());
    } catch (LinkageError missing) {
      throw refused(fileName, "class " + provider + " needs a class that is neither in the jar nor in the SPI ("
          + missing + "): bundle its libraries in the jar");
    } catch (ReflectiveOperationException | RuntimeException failed) {
      throw refused(fileName, "class " + provider + " cannot be constructed: " + failed);
    }
    return describe(fileName, provider, handler);
  }

  private static String describe(String fileName, String provider, TaskHandler handler) throws PluginRefused {
    String type;
    try {
      type = handler.type();
      LaneChoice lane = handler.lane();
      InputSchema input = handler.input();
      if (lane == null || input == null) {
        throw refused(fileName, provider + " answers no " + (lane == null ? "lane()" : "input()"));
      }
      input.toJson();
      handler.description();
    } catch (RuntimeException | LinkageError failed) {
      throw refused(fileName, provider + " fails to describe itself: " + failed);
    }
    if (type == null || !TYPE.matcher(type).matches()) {
      throw refused(fileName, provider + " has type '" + type + "': a type name is 1 to 200 characters, "
          + "without spaces or '@' (which pins a version: type@version)");
    }
    return type;
  }

  /** The class names of a ServiceLoader file: one per line, {@code #} comments and blanks skipped. */
  static List<String> providers(String text) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      int comment = line.indexOf('#');
      String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** {@code words-1.2.jar}: [words, 1.2]; {@code words.jar}: [words, null]. */
  static String[] nameAndVersion(String fileName) {
    String base = Path.of(fileName).getFileName().toString();
    if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
      base = base.substring(0, base.length() - 4);
    }
    Matcher matcher = NAME_AND_VERSION.matcher(base);
    return matcher.matches() ? new String[] {matcher.group(1), matcher.group(2)} : new String[] {base, null};
  }

  private static String plain(Manifest manifest, Attributes.Name attribute, String otherwise) {
    String value = manifest == null ? null : manifest.getMainAttributes().getValue(attribute);
    return value != null && NAME.matcher(value.trim()).matches() ? value.trim() : otherwise;
  }

  private static PluginRefused refused(String fileName, String reason) {
    return new PluginRefused("plugin " + fileName + " refused: " + reason);
  }
}
