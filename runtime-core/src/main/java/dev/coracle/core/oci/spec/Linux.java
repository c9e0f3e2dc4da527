package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The Linux-specific part of a configuration: namespaces, cgroup, devices, confinement. */
public record Linux(
    List<Namespace> namespaces,
    List<IdMapping> uidMappings,
    List<IdMapping> gidMappings,
    List<Device> devices,
    String cgroupsPath,
    Resources resources,
    Map<String, String> sysctl,
    Seccomp seccomp,
    String rootfsPropagation,
    List<String> maskedPaths,
    List<String> readonlyPaths,
    String mountLabel,
    IntelRdt intelRdt) {

  public static Linux empty() {
    return new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public Linux withNamespaces(List<Namespace> value) {
    return new Linux(value, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withIdMappings(List<IdMapping> uids, List<IdMapping> gids) {
    return new Linux(namespaces, uids, gids, devices, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withDevices(List<Device> value) {
    return new Linux(namespaces, uidMappings, gidMappings, value, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withCgroupsPath(String value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, value, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withResources(Resources value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, value, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withSysctl(Map<String, String> value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, value, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withSeccomp(Seccomp value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, value,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withRootfsPropagation(String value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
        value, maskedPaths, readonlyPaths, mountLabel, intelRdt);
  }

  public Linux withMaskedPaths(List<String> masked, List<String> readonly) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, masked, readonly, mountLabel, intelRdt);
  }

  public Linux withMountLabel(String value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, value, intelRdt);
  }

  public Linux withIntelRdt(IntelRdt value) {
    return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
        rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, value);
  }

  /**
   * A namespace the container gets: {@code type} is pid, network, mount, ipc, uts, user, cgroup or
   * time; with a {@code path} it joins that namespace (a pinned pod namespace), else a new one.
   */
  public record Namespace(String type, String path) {

    public static Namespace fresh(String type) {
      return new Namespace(type, null);
    }
  }

  /** Maps {@code size} ids from {@code containerID} on to {@code hostID} on (user namespaces). */
  public record IdMapping(
      @JsonProperty("containerID") long containerId,
      @JsonProperty("hostID") long hostId,
      long size) {}

  /** A device node the runtime creates in the container's /dev; {@code type} is c, b, u or p. */
  public record Device(String path, String type, Long major, Long minor, Integer fileMode, Long uid, Long gid) {}

  /** Intel Resource Director Technology: cache and memory-bandwidth allocation (spec 1.1.0 fields). */
  public record IntelRdt(
      @JsonProperty("closID") String closId,
      String l3CacheSchema,
      String memBwSchema,
      @JsonProperty("enableCMT") Boolean enableCmt,
      @JsonProperty("enableMBM") Boolean enableMbm) {}
}
