package dev.coracle.hcs.document;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;
import java.util.Map;

/** Checks shared by the input records. */
final class Inputs {

  private Inputs() {}

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidArgumentException(what + " must not be empty");
    }
    return value;
  }

  static <T> List<T> copyOrEmpty(List<T> list, String what) {
    if (list == null) {
      return List.of();
    }
    for (T item : list) {
      if (item == null) {
        throw new InvalidArgumentException(what + " must not hold null entries");
      }
    }
    return List.copyOf(list);
  }

  static Map<String, String> copyOrEmpty(Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }

  static int requirePositive(int value, String what) {
    if (value < 1) {
      throw new InvalidArgumentException(what + " must be at least 1, got " + value);
    }
    return value;
  }
}
