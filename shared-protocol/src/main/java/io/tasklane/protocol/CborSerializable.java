package io.tasklane.protocol;

/**
 * Marker for every message that crosses a node boundary. Bound to Pekko's {@code jackson-cbor}
 * serializer in this module's {@code reference.conf}; Java serialization stays off.
 */
public interface CborSerializable {}
