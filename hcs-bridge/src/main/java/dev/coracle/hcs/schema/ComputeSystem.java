package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coracle.core.error.InvalidArgumentException;

/**
 * HCS schema {@code ComputeSystem}, the document of {@code HcsCreateComputeSystem}: exactly one of
 * {@code Container}, {@code VirtualMachine} and {@code HostedSystem} (WINDOWS.md §2a, §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeSystem(
    @JsonProperty("Owner") String owner,
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
    @JsonProperty("HostingSystemId") String hostingSystemId,
    @JsonProperty("HostedSystem") HostedSystem hostedSystem,
    @JsonProperty("Container") Container container,
    @JsonProperty("VirtualMachine") VirtualMachine virtualMachine,
    @JsonProperty("ShouldTerminateOnLastHandleClosed") Boolean shouldTerminateOnLastHandleClosed) {

  /** The owner of every compute system Coracle creates, which the reconcile at start queries. */
  public static final String OWNER = "coracle";

  public ComputeSystem {
    int set =
        (container != null ? 1 : 0)
            + (virtualMachine != null ? 1 : 0)
            + (hostedSystem != null ? 1 : 0);
    if (set != 1) {
      throw new InvalidArgumentException(
          "a compute system holds exactly one of Container, VirtualMachine and HostedSystem, got "
              + set);
    }
    if (hostedSystem != null && (hostingSystemId == null || hostingSystemId.isBlank())) {
      throw new InvalidArgumentException(
          "a HostedSystem needs the HostingSystemId of its utility VM");
    }
  }
}
