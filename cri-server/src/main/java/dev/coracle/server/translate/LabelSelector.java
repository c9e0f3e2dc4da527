package dev.coracle.server.translate;

import java.util.Map;

/** CRI's label selectors (ListPodSandbox, ListContainers): every entry must hold; none selects all. */
public final class LabelSelector {

  private LabelSelector() {}

  public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
