package dev.coracle.hcs.backend;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.document.Isolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime handlers of a Windows node, each naming an isolation (WINDOWS.md §5): by default
 * containerd's two, {@code runhcs-wcow-process} (the default) and {@code runhcs-wcow-hypervisor}.
 *
 * @param defaultHandler the handler of pods that name none; one of {@code byName}
 * @param byName handler name to isolation (PROCESS or HYPERV)
 */
public record WindowsHandlers(String defaultHandler, Map<String, Isolation> byName) {

  public static final String PROCESS = "runhcs-wcow-process";
  public static final String HYPERVISOR = "runhcs-wcow-hypervisor";
  public static final WindowsHandlers BUILT_IN = new WindowsHandlers(PROCESS,
      Map.of(PROCESS, Isolation.PROCESS, HYPERVISOR, Isolation.HYPERV));

  public WindowsHandlers {
    byName = Map.copyOf(new TreeMap<>(byName));
    if (!byName.containsKey(defaultHandler)) {
      throw new InvalidArgumentException("default runtime handler \"" + defaultHandler + "\" is not configured");
    }
    if (byName.containsValue(Isolation.HOST_PROCESS)) {
      throw new InvalidArgumentException("HostProcess is chosen by the pod's security context, not by a handler");
    }
  }

  /** The handler's own name: the default's for an empty one. */
  public String resolveName(String handler) {
    String name = handler == null || handler.isEmpty() ? defaultHandler : handler;
    if (!byName.containsKey(name)) {
      throw new InvalidArgumentException("unknown runtime handler \"" + name + "\"; this node has " + names());
    }
    return name;
  }

  public Isolation isolation(String handler) {
    return byName.get(resolveName(handler));
  }

  /** The default first, then the others by name. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(defaultHandler);
    byName.keySet().stream().filter(n -> !n.equals(defaultHandler)).forEach(names::add);
    return names;
  }

  /** The first Hyper-V handler, for error messages that say which handler would work. */
  public String hyperVHandler() {
    return byName.entrySet().stream().filter(e -> e.getValue() == Isolation.HYPERV).map(Map.Entry::getKey)
        .findFirst().orElse(HYPERVISOR);
  }
}
