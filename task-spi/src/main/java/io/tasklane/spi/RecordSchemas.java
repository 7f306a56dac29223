package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link InputSchema#of(Class)}: a record's components as an object's properties. */
final class RecordSchemas {

  private static final Set<Class<?>> INTEGERS = Set.of(int.class, long.class, short.class, byte.class,
      Integer.class, Long.class, Short.class, Byte.class, BigInteger.class);
  private static final Set<Class<?>> NUMBERS = Set.of(double.class, float.class, Double.class, Float.class,
      BigDecimal.class, Number.class);

  private RecordSchemas() {}

  static InputSchema of(Class<? extends Record> type) {
    return record(type, type.getSimpleName(), new HashSet<>());
  }

  private static InputSchema record(Class<?> type, String at, Set<Class<?>> enclosing) {
    if (!enclosing.add(type)) {
      throw new IllegalArgumentException(at + ": record " + type.getName()
          + " contains itself; a recursive input has no schema here");
    }
    InputSchema schema = InputSchema.object();
    for (RecordComponent component : type.getRecordComponents()) {
      String where = at + "." + component.getName();
      InputSchema property = schema(component.getGenericType(), where, enclosing);
      boolean optional = component.isAnnotationPresent(InputSchema.Optional.class);
      schema = optional ? schema.optional(component.getName(), property)
          : schema.required(component.getName(), property);
    }
    enclosing.remove(type);
    return schema;
  }

  private static InputSchema schema(Type type, String at, Set<Class<?>> enclosing) {
    if (type instanceof Class<?> plain) {
      return plain(plain, at, enclosing);
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
      Type[] arguments = generic.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return InputSchema.array(schema(argument(arguments[0], at), at + "[]", enclosing));
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (argument(arguments[0], at) != String.class) {
          throw new IllegalArgumentException(at + ": a map needs String keys (JSON object names), not " + arguments[0]);
        }
        return InputSchema.object().additionalProperties(schema(argument(arguments[1], at), at + ".*", enclosing));
      }
    }
    if (type instanceof GenericArrayType array) {
      return InputSchema.array(schema(array.getGenericComponentType(), at + "[]", enclosing));
    }
    throw new IllegalArgumentException(at + ": no input schema for the type " + type.getTypeName()
        + " (numbers, booleans, strings, enums, lists, arrays, maps with String keys, records, JsonNode)");
  }

  private static InputSchema plain(Class<?> type, String at, Set<Class<?>> enclosing) {
    if (INTEGERS.contains(type)) {
      return InputSchema.integer();
    }
    if (NUMBERS.contains(type)) {
      return InputSchema.number();
    }
    if (type == boolean.class || type == Boolean.class) {
      return InputSchema.bool();
    }
    if (type == String.class || type == char.class || type == Character.class) {
      return type == String.class ? InputSchema.string() : InputSchema.string().minLength(1).maxLength(1);
    }
    if (type.isEnum()) {
      List<Object> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      return InputSchema.string().enumOf(names.toArray());
    }
    if (type == byte[].class) {
      return InputSchema.string(); // Jackson writes bytes as base64 text
    }
    if (type.isArray()) {
      return InputSchema.array(plain(type.getComponentType(), at + "[]", enclosing));
    }
    if (type.isRecord()) {
      return record(type, at, enclosing);
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return InputSchema.any();
    }
    throw new IllegalArgumentException(at + ": no input schema for the type " + type.getName()
        + " (numbers, booleans, strings, enums, lists, arrays, maps with String keys, records, JsonNode)");
  }

  /** A type argument, {@code ? extends T} read as {@code T}. */
  private static Type argument(Type type, String at) {
    if (type instanceof WildcardType wildcard) {
      Type[] upper = wildcard.getUpperBounds();
      if (upper.length == 1 && wildcard.getLowerBounds().length == 0) {
        return upper[0];
      }
      throw new IllegalArgumentException(at + ": no input schema for the type " + type.getTypeName());
    }
    return type;
  }
}
