package dev.coracle.core.sandbox;

import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.ProcessRunner;
import dev.coracle.core.oci.runtime.RuntimeHandlers;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** One infra process launcher per runtime handler, so each pod's infra runs on its pod's runtime. */
public final class InfraProcesses {

  private final RuntimeHandlers handlers;
  private final Map<String, InfraProcess> byHandler;
  private final CgroupLayout layout;

  /**
   * @param byHandler an infra process for every handler in {@code handlers}
   * @param layout the host's cgroup layout, which some runtimes refuse
   */
  public InfraProcesses(RuntimeHandlers handlers, Map<String, InfraProcess> byHandler, CgroupLayout layout) {
    if (!byHandler.keySet().equals(handlers.names())) {
      throw new IllegalArgumentException("infra processes for " + byHandler.keySet() + ", handlers " + handlers.names());
    }
    this.handlers = handlers;
    this.byHandler = Map.copyOf(byHandler);
    this.layout = layout;
  }

  /** The infra process of every handler, each on its handler's runtime, all watched by {@code conmon}. */
  public static InfraProcesses of(RuntimeHandlers handlers, Conmon conmon, ProcessRunner runner, Path catatonit,
      CgroupLayout layout) {
    Map<String, InfraProcess> byHandler = new TreeMap<>();
    handlers.byName().forEach((name, settings) ->
        byHandler.put(name, new InfraProcess(conmon, new OciRuntime(settings, runner), settings, catatonit)));
    return new InfraProcesses(handlers, byHandler, layout);
  }

  /**
   * Refuses a handler whose runtime cannot run anything on this host (crun on a hybrid cgroup
   * layout), before a pod is half made.
   *
   * @throws FailedPreconditionException saying why
   */
  public void checkUsable(String resolvedHandler) {
    handlers.resolve(resolvedHandler).refusal(layout).ifPresent(why -> {
      throw new FailedPreconditionException("runtime handler \"" + resolvedHandler + "\" cannot run pods here: " + why);
    });
  }

  /**
   * The handler's resolved name (the default's for an empty one).
   *
   * @throws dev.coracle.core.error.InvalidArgumentException for an unknown handler
   */
  public String resolveName(String handler) {
    return handlers.resolveName(handler);
  }

  /** The infra process of a resolved handler; the default's for one no longer configured. */
  public InfraProcess of(String resolvedHandler) {
    InfraProcess infra = byHandler.get(resolvedHandler);
    return infra != null ? infra : byHandler.get(handlers.defaultHandler());
  }

  public RuntimeHandlers handlers() {
    return handlers;
  }
}
