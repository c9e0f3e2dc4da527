package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CNI exec protocol over a network config list: ADD, DEL, CHECK, STATUS and GC, each
 * plugin run in turn with the {@code CNI_*} environment and its config on stdin.
 *
 * <p>The caller serializes the calls for one attachment (the spec forbids parallel operations
 * on one container); calls for different containers may run at once.
 */
public final class CniClient {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(CniClient.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PluginRunner runner;
  private final ResultCache cache;

  /**
   * @param pluginLookup the binary of a plugin type; null (or a CniException) when there is none
   * @param binDirs the plugin directories, passed to plugins as {@code CNI_PATH} (IPAM plugins
   *     are found through it)
   */
  public CniClient(Function<String, Path> pluginLookup, List<Path> binDirs, ResultCache cache) {
    this(pluginLookup, binDirs, cache, DEFAULT_TIMEOUT);
  }

  /** @param timeout how long one plugin call may take before it is killed */
  public CniClient(
      Function<String, Path> pluginLookup, List<Path> binDirs, ResultCache cache, Duration timeout) {
    this(pluginLookup, binDirs, cache, timeout, PluginExec.processes());
  }

  /** @param exec how plugins are run (a test puts failures here) */
  public CniClient(
      Function<String, Path> pluginLookup,
      List<Path> binDirs,
      ResultCache cache,
      Duration timeout,
      PluginExec exec) {
    this.runner = new PluginRunner(pluginLookup, List.copyOf(binDirs), exec, timeout);
    this.cache = cache;
  }

  /**
   * Attaches the pod to the network: ADD through every plugin in order, each given the result
   * so far. The result is cached for DEL and CHECK. When a plugin fails, the whole list is
   * deleted again (in reverse) before the failure is thrown, so nothing stays behind.
   *
   * @return the last plugin's result, in the list's version
   */
  public CniResult add(NetworkConfigList list, PodRuntimeConf conf) {
    String version = CniVersion.requireSupported(list.cniVersion(), "network " + list.name());
    if (list.plugins().isEmpty()) {
      throw new CniException(
          CniException.INVALID_NETWORK_CONFIG, "", "network " + list.name() + " has no plugins");
    }
    ResultCache.Key key = key(list.name(), conf);
    if (cache.get(key).isPresent()) {
      throw new CniException(
          0, "", "container " + conf.containerId() + " is already attached to network "
              + list.name() + " as " + conf.ifName() + "; DEL it first");
    }
    ObjectNode capabilityArgs = conf.capabilityArgs();
    CniResult result = null;
    try {
      for (ObjectNode plugin : list.plugins()) {
        String type = PluginStdin.type(list, plugin);
        ObjectNode prev = result == null ? null : ResultJson.render(result, version);
        ObjectNode stdin = PluginStdin.of(list, plugin, capabilityArgs, prev);
        JsonNode out =
            runner.call("ADD", type, stdin, conf)
                .orElseThrow(
                    () -> new CniException(
                        CniException.DECODING_FAILURE, type,
                        "plugin " + type + " printed no result for ADD"));
        result = inVersion(ResultJson.parse(out, type), version, type);
      }
      cache.put(new ResultCache.Entry(key, list, conf, result));
      return result;
    } catch (RuntimeException e) {
      undo(list, conf, e);
      throw e;
    }
  }

  /**
   * Detaches the pod: DEL through every plugin in reverse. When the ADD is cached, its config
   * list, parameters and result are used (the network's config may have changed or vanished
   * since); otherwise {@code list} and {@code conf} are. A missing network namespace is no
   * reason to skip DEL: plugins still free what they hold on the host. Deleting twice succeeds.
   */
  public void del(NetworkConfigList list, PodRuntimeConf conf) {
    ResultCache.Key key = key(list.name(), conf);
    Optional<ResultCache.Entry> cached = readableEntry(key);
    if (cached.isPresent()) {
      delCached(cached.get());
    } else {
      runDel(list, conf, null);
      cache.remove(key);
    }
  }

  /** Detaches a cached attachment (one from {@link ResultCache#all()}); none cached: nothing. */
  public void del(ResultCache.Key key) {
    Optional<ResultCache.Entry> cached = readableEntry(key);
    if (cached.isPresent()) {
      delCached(cached.get());
    } else {
      // nothing to DEL with; an unreadable entry would only come back at every GC
      cache.remove(key);
    }
  }

  // An entry that cannot be read must not make DEL impossible: DEL goes on without it.
  private Optional<ResultCache.Entry> readableEntry(ResultCache.Key key) {
    try {
      return cache.get(key);
    } catch (CniException e) {
      LOG.warn("CNI DEL {} goes on without its cache entry: {}", key, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * CHECK through every plugin in order against the cached ADD result. Skipped when the list
   * disables CHECK or its version predates it (0.4.0).
   *
   * @throws CniException the first plugin's complaint, or UNKNOWN_CONTAINER when no ADD is cached
   */
  public void check(NetworkConfigList list, PodRuntimeConf conf) {
    String version = CniVersion.requireSupported(list.cniVersion(), "network " + list.name());
    if (list.disableCheck() || !CniVersion.atLeast(version, "0.4.0")) {
      return;
    }
    ResultCache.Key key = key(list.name(), conf);
    ResultCache.Entry entry =
        cache.get(key)
            .orElseThrow(
                () -> new CniException(
                    CniException.UNKNOWN_CONTAINER, "",
                    "container " + conf.containerId() + " has no ADD on network " + list.name()
                        + " to CHECK"));
    ObjectNode prev = ResultJson.render(entry.result(), version);
    ObjectNode capabilityArgs = conf.capabilityArgs();
    for (ObjectNode plugin : list.plugins()) {
      String type = PluginStdin.type(list, plugin);
      runner.call("CHECK", type, PluginStdin.of(list, plugin, capabilityArgs, prev), conf);
    }
  }

  /**
   * Whether the network is ready for ADDs (STATUS, spec 1.1.0): returns when it is. Lists of
   * older versions, and plugins that do not speak 1.1.0, count as ready.
   *
   * @throws CniException the first plugin's reason (typically NOT_READY, 50)
   */
  public void status(NetworkConfigList list) {
    String version = CniVersion.requireSupported(list.cniVersion(), "network " + list.name());
    if (!CniVersion.atLeast(version, "1.1.0")) {
      return;
    }
    for (ObjectNode plugin : list.plugins()) {
      String type = PluginStdin.type(list, plugin);
      if (!speaks(type, version)) {
        continue;
      }
      try {
        runner.call("STATUS", type, PluginStdin.of(list, plugin, NODES.objectNode(), null), null);
      } catch (CniException e) {
        if (e.code() != CniException.INCOMPATIBLE_VERSION) {
          throw e;
        }
      }
    }
  }

  /**
   * Garbage collection of one network: every cached attachment to it that is not in
   * {@code keep} is deleted, then (spec 1.1.0) each plugin is asked to free whatever else it
   * holds for attachments not in {@code keep}. Skipped when the list disables GC. Every step is
   * tried; the first failure is thrown with the others suppressed in it.
   */
  public void gc(NetworkConfigList list, Set<Attachment> keep) {
    String version = CniVersion.requireSupported(list.cniVersion(), "network " + list.name());
    if (list.disableGc()) {
      return;
    }
    List<CniException> failures = new ArrayList<>();
    for (ResultCache.Key key : cache.all()) {
      if (key.network().equals(list.name()) && !keep.contains(key.attachment())) {
        try {
          del(key);
        } catch (CniException e) {
          failures.add(e);
        }
      }
    }
    if (CniVersion.atLeast(version, "1.1.0")) {
      ArrayNode valid = NODES.arrayNode();
      keep.forEach(a -> valid.addObject().put("containerID", a.containerId()).put("ifname", a.ifName()));
      for (ObjectNode plugin : list.plugins()) {
        gcPlugin(list, plugin, valid, version, failures);
      }
    }
    if (!failures.isEmpty()) {
      CniException first = failures.getFirst();
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private void gcPlugin(
      NetworkConfigList list, ObjectNode plugin, ArrayNode valid, String version,
      List<CniException> failures) {
    try {
      String type = PluginStdin.type(list, plugin);
      if (!speaks(type, version)) {
        return;
      }
      ObjectNode stdin = PluginStdin.of(list, plugin, NODES.objectNode(), null);
      stdin.set("cni.dev/valid-attachments", valid.deepCopy());
      // The spec's first 1.1.0 text named the key "cni.dev/attachments"; plugins read either.
      stdin.set("cni.dev/attachments", valid.deepCopy());
      runner.call("GC", type, stdin, null);
    } catch (CniException e) {
      if (e.code() != CniException.INCOMPATIBLE_VERSION) {
        failures.add(e);
      }
    }
  }

  private boolean speaks(String type, String version) {
    boolean yes = runner.supportedVersions(type, version).contains(version);
    if (!yes) {
      LOG.debug("CNI plugin {} does not speak {}: skipped", type, version);
    }
    return yes;
  }

  private void delCached(ResultCache.Entry entry) {
    runDel(entry.config(), entry.runtime(), entry.result());
    cache.remove(entry.key());
  }

  /**
   * DEL through the list in reverse. A failing plugin does not stop the others from freeing
   * what they hold; the first failure is thrown once all have run.
   */
  private void runDel(NetworkConfigList list, PodRuntimeConf conf, CniResult cached) {
    String version = CniVersion.requireSupported(list.cniVersion(), "network " + list.name());
    ObjectNode prev =
        cached != null && CniVersion.atLeast(version, "0.4.0")
            ? ResultJson.render(cached, version)
            : null;
    ObjectNode capabilityArgs = conf.capabilityArgs();
    CniException first = null;
    for (ObjectNode plugin : list.plugins().reversed()) {
      try {
        String type = PluginStdin.type(list, plugin);
        runner.call("DEL", type, PluginStdin.of(list, plugin, capabilityArgs, prev), conf);
      } catch (CniException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void undo(NetworkConfigList list, PodRuntimeConf conf, RuntimeException cause) {
    try {
      runDel(list, conf, null);
    } catch (CniException e) {
      LOG.warn(
          "CNI ADD of {} to {} failed and its DEL failed too: {}",
          conf.containerId(), list.name(), e.getMessage());
      cause.addSuppressed(e);
    }
  }

  // Plugins answer in the version they were given; one that answers in another is converted,
  // so prevResult and the cache are always in the list's version.
  private static CniResult inVersion(CniResult result, String version, String type) {
    if (result.cniVersion().equals(version)) {
      return result;
    }
    return ResultJson.parse(ResultJson.render(result, version), type);
  }

  private static ResultCache.Key key(String network, PodRuntimeConf conf) {
    return new ResultCache.Key(network, conf.containerId(), conf.ifName());
  }
}
