package io.tasklane.spi;

/** The JSON types a schema may ask for ({@code "type"}), with the words a problem uses. */
enum SchemaType {
  OBJECT("object", "an object"),
  ARRAY("array", "an array"),
  STRING("string", "a string"),
  INTEGER("integer", "an integer"),
  NUMBER("number", "a number"),
  BOOLEAN("boolean", "a boolean"),
  NULL("null", "null");

  final String json;
  final String noun;

  SchemaType(String json, String noun) {
    this.json = json;
    this.noun = noun;
  }

  /** The type named {@code json} in a schema, or null for a name JSON Schema does not have. */
  static SchemaType named(String json) {
    for (SchemaType type : values()) {
      if (type.json.equals(json)) {
        return type;
      }
    }
    return null;
  }
}
