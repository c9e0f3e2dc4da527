package dev.coracle.core.lifecycle;

import dev.coracle.core.error.AlreadyExistsException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique names of pods and containers ({@code name_namespace_uid_attempt}), each reserved for
 * one ID before any work starts, and released when the object is removed or its creation
 * fails. The same name asked for again by the same ID is fine: that is kubelet retrying.
 */
public final class NameReservations {

  private final String kind;
  private final Map<String, String> idByName = new ConcurrentHashMap<>();

  public NameReservations(String kind) {
    this.kind = kind;
  }

  /**
   * Reserves {@code name} for {@code id}.
   *
   * @throws AlreadyExistsException naming the holder when another ID has it
   */
  public void reserve(String name, String id) {
    String holder = idByName.putIfAbsent(name, id);
    if (holder != null && !holder.equals(id)) {
      throw new AlreadyExistsException(kind + " name \"" + name + "\" is reserved for " + holder);
    }
  }

  /** The ID holding a name, for answering a retried create with the same ID. */
  public Optional<String> holder(String name) {
    return Optional.ofNullable(idByName.get(name));
  }

  /** Releases the name if {@code id} holds it; otherwise nothing happens. */
  public void release(String name, String id) {
    idByName.remove(name, id);
  }
}
