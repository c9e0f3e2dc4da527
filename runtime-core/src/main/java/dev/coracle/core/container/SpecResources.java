package dev.coracle.core.container;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig.DeviceRequest;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Linux.Device;
import dev.coracle.core.oci.spec.Resources;
import dev.coracle.core.oci.spec.Resources.DeviceRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's cgroup settings and device nodes.
 *
 * <p>Limits come from {@link CgroupLimits}; a null or zero value sets nothing, as in CRI. With a
 * memory limit, swap is set to the same value where the host accounts swap, so the container
 * cannot swap (what kubelet expects from containerd and CRI-O). {@code unified} is written on
 * cgroup v2 only.
 *
 * <p>Devices: the device cgroup first denies everything, then allows what every container needs
 * (mknod of any node, which CAP_MKNOD still guards; null, zero, full, random, urandom, tty,
 * console, ptmx and the pseudo-terminals), then each requested device with its permissions. A
 * privileged container's cgroup allows every device, and it gets every host device node the
 * caller lists. Device numbers come from the host (stat(2)), so the caller looks them up.
 */
final class SpecResources {

  /** The cgroup rules every unprivileged container starts from, deny-all first. */
  static final List<DeviceRule> DEFAULT_RULES = List.of(
      DeviceRule.denyAll(),
      new DeviceRule(true, "c", null, null, "m"),
      new DeviceRule(true, "b", null, null, "m"),
      new DeviceRule(true, "c", 1L, 3L, "rwm"),
      new DeviceRule(true, "c", 1L, 5L, "rwm"),
      new DeviceRule(true, "c", 1L, 7L, "rwm"),
      new DeviceRule(true, "c", 1L, 8L, "rwm"),
      new DeviceRule(true, "c", 1L, 9L, "rwm"),
      new DeviceRule(true, "c", 5L, 0L, "rwm"),
      new DeviceRule(true, "c", 5L, 1L, "rwm"),
      new DeviceRule(true, "c", 5L, 2L, "rwm"),
      new DeviceRule(true, "c", 136L, null, "rwm"));

  /** The device nodes and the cgroup rules for them. */
  record Devices(List<Device> nodes, List<DeviceRule> rules) {}

  private SpecResources() {}

  static Resources of(CgroupLimits limits, List<DeviceRule> rules, boolean cgroupV2, boolean swapAccounting) {
    Resources resources = Resources.empty().withDevices(rules);
    Resources.Cpu cpu = cpu(limits);
    if (cpu != null) {
      resources = resources.withCpu(cpu);
    }
    Long memory = set(limits.memoryLimitBytes());
    if (memory != null) {
      resources = resources.withMemory(new Resources.Memory(memory, null, swapAccounting ? memory : null, null, null,
          null, null, null, null));
    }
    Long pids = set(limits.pidsLimit());
    if (pids != null) {
      resources = resources.withPids(new Resources.Pids(pids));
    }
    if (!limits.hugepageLimits().isEmpty()) {
      resources = resources.withHugepageLimits(new TreeMap<>(limits.hugepageLimits()).entrySet().stream()
          .map(e -> new Resources.HugepageLimit(e.getKey(), e.getValue())).toList());
    }
    if (cgroupV2 && !limits.unified().isEmpty()) {
      resources = resources.withUnified(new TreeMap<>(limits.unified()));
    }
    return resources;
  }

  private static Resources.Cpu cpu(CgroupLimits limits) {
    Long shares = set(limits.cpuShares());
    Long quota = set(limits.cpuQuota());
    Long period = set(limits.cpuPeriod());
    String cpus = text(limits.cpusetCpus());
    String mems = text(limits.cpusetMems());
    if (shares == null && quota == null && period == null && cpus == null && mems == null) {
      return null;
    }
    return new Resources.Cpu(shares, quota, null, period, null, null, cpus, mems, null);
  }

  /**
   * @param hostNodes for each requested device, keyed by its host path, the node as the host has
   *     it (type, major, minor, mode, owner; its path is replaced by the container path)
   * @param hostDevices every device node of the host, for a privileged container
   */
  static Devices devices(List<DeviceRequest> requests, boolean privileged, Map<String, Device> hostNodes,
      List<Device> hostDevices) {
    Map<String, Device> nodes = new LinkedHashMap<>();
    List<DeviceRule> rules = new ArrayList<>(privileged
        ? List.of(new DeviceRule(true, "a", null, null, "rwm")) : DEFAULT_RULES);
    if (privileged) {
      hostDevices.forEach(d -> nodes.put(d.path(), d));
    }
    for (DeviceRequest request : requests) {
      String path = SpecPaths.inContainer(request.containerPath(), "device path");
      if (!request.permissions().matches("[rwm]+")) {
        throw new InvalidArgumentException("device " + path + " has permissions \"" + request.permissions()
            + "\"; only r, w and m are allowed");
      }
      Device host = hostNodes.get(request.hostPath());
      if (host == null) {
        throw new InternalException("no host device node given for " + request.hostPath());
      }
      nodes.put(path,
          new Device(path, host.type(), host.major(), host.minor(), host.fileMode(), host.uid(), host.gid()));
      if (!privileged && !host.type().equals("p")) {
        // A node of type u (unbuffered character device) is a character device to the cgroup.
        String type = host.type().equals("b") ? "b" : "c";
        rules.add(new DeviceRule(true, type, host.major(), host.minor(), request.permissions()));
      }
    }
    return new Devices(List.copyOf(nodes.values()), List.copyOf(rules));
  }

  private static Long set(Long value) {
    return value == null || value == 0 ? null : value;
  }

  private static String text(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
