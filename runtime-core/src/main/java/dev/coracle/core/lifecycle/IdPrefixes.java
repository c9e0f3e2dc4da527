package dev.coracle.core.lifecycle;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * IDs as users type them: in full, or as a prefix naming exactly one object, since
 * {@code crictl pods} and {@code crictl ps} print IDs cut short and users copy what they see.
 */
public final class IdPrefixes {

  private IdPrefixes() {}

  /**
   * The one ID among {@code ids} that {@code idOrPrefix} names; empty when none does.
   *
   * @param what how the message names the field, e.g. "pod sandbox ID"
   * @throws InvalidArgumentException for an empty ID or a prefix of several IDs
   */
  public static Optional<String> resolve(String what, Collection<String> ids, String idOrPrefix) {
    if (idOrPrefix == null || idOrPrefix.isEmpty()) {
      throw new InvalidArgumentException(what + " is empty");
    }
    if (ids.contains(idOrPrefix)) {
      return Optional.of(idOrPrefix);
    }
    List<String> matching = ids.stream().filter(id -> id.startsWith(idOrPrefix)).toList();
    if (matching.size() > 1) {
      throw new InvalidArgumentException(what + " prefix \"" + idOrPrefix + "\" names " + matching.size()
          + " objects");
    }
    return matching.stream().findFirst();
  }
}
