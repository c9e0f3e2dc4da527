package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * The container's cgroup settings. {@code unified} holds cgroup v2 files by name
 * ({@code memory.high} and the like), written as given.
 */
public record Resources(
    List<DeviceRule> devices,
    Memory memory,
    Cpu cpu,
    Pids pids,
    List<HugepageLimit> hugepageLimits,
    Map<String, String> unified) {

  public static Resources empty() {
    return new Resources(null, null, null, null, null, null);
  }

  public Resources withDevices(List<DeviceRule> value) {
    return new Resources(value, memory, cpu, pids, hugepageLimits, unified);
  }

  public Resources withMemory(Memory value) {
    return new Resources(devices, value, cpu, pids, hugepageLimits, unified);
  }

  public Resources withCpu(Cpu value) {
    return new Resources(devices, memory, value, pids, hugepageLimits, unified);
  }

  public Resources withPids(Pids value) {
    return new Resources(devices, memory, cpu, value, hugepageLimits, unified);
  }

  public Resources withHugepageLimits(List<HugepageLimit> value) {
    return new Resources(devices, memory, cpu, pids, value, unified);
  }

  public Resources withUnified(Map<String, String> value) {
    return new Resources(devices, memory, cpu, pids, hugepageLimits, value);
  }

  /**
   * One rule of the device cgroup, applied in order: {@code type} a (all), c or b; null
   * {@code major}/{@code minor} mean any; {@code access} a combination of r, w and m.
   */
  public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {

    /** The rule that comes first in every container: no device at all. */
    public static DeviceRule denyAll() {
      return new DeviceRule(false, null, null, null, "rwm");
    }
  }

  /**
   * Memory limits in bytes; -1 is unlimited. {@code kernel} and {@code kernelTCP} are deprecated
   * by the spec (and ignored by cgroup v2) but still read.
   */
  public record Memory(
      Long limit,
      Long reservation,
      Long swap,
      Long kernel,
      @JsonProperty("kernelTCP") Long kernelTcp,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long swappiness,
      @JsonProperty("disableOOMKiller") Boolean disableOomKiller,
      Boolean useHierarchy,
      Boolean checkBeforeUpdate) {

    public static Memory limit(long bytes) {
      return new Memory(bytes, null, null, null, null, null, null, null, null);
    }
  }

  /** CPU shares, CFS quota and period (microseconds), realtime budget, and cpuset lists ("0-3,6"). */
  public record Cpu(
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long shares,
      Long quota,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long burst,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long period,
      Long realtimeRuntime,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) Long realtimePeriod,
      String cpus,
      String mems,
      Long idle) {}

  /** The most tasks the cgroup may hold; 0 or -1 is unlimited. */
  public record Pids(long limit) {}

  /** A hugetlb limit in bytes for one page size ("2MB", "1GB"). */
  public record HugepageLimit(
      String pageSize,
      @JsonSerialize(using = Unsigned.Writer.class) @JsonDeserialize(using = Unsigned.Reader.class) long limit) {}
}
