package dev.coracle.core.image.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Optional JSON lists and maps become empty, never null, so callers need no null checks. */
final class Absent {

  private Absent() {}

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Keeps the document's order (and tolerates null values, which Map.copyOf would not). */
  static <V> Map<String, V> orEmpty(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
