package io.tasklane.client.output;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints: a table for people, JSON for scripts. */
public enum OutputFormat {
  TABLE,
  JSON;

  /** Parses {@code table} / {@code json} in any case, for {@code -o}. */
  public static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw new TypeConversionException("expected table or json, not '" + value + "'");
      }
    }
  }

  /** The names offered in help and completion. */
  public static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("table", "json").iterator();
    }
  }
}
