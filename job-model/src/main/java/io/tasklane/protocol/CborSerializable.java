package io.tasklane.protocol;

/**
 * Marker for every message that crosses a node boundary. Bound to Pekko's {@code jackson-cbor}
 * serializer in shared-protocol's {@code reference.conf}; Java serialization stays off. It lives in
 * job-model, beside {@code JobSpec} which carries it, and is a plain interface: no Pekko here.
 */
public interface CborSerializable {}
