package dev.coracle.hcs.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.hcs.schema.ContainerCredentialGuard;
import dev.coracle.hcs.schema.ContainerCredentialGuardAddInstanceRequest;
import dev.coracle.hcs.schema.ContainerCredentialGuardInstance;
import dev.coracle.hcs.schema.ContainerCredentialGuardOperationRequest;
import dev.coracle.hcs.schema.ContainerCredentialGuardRemoveInstanceRequest;
import dev.coracle.hcs.schema.ContainerCredentialGuardSystemInfo;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.ModifySettingRequest;
import dev.coracle.hcs.schema.PropertyQuery;
import dev.coracle.hcs.schema.ServiceProperties;
import dev.coracle.hcs.schema.ServiceSettingsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * gMSA through HCS's container credential guard (WINDOWS.md §7): an instance per container is added
 * before the container is created, found in the service properties, put into {@code
 * Container.ContainerCredentialGuard}, and removed when the container is removed: HCS does not
 * remove it with the container.
 */
public final class CredentialGuardDocuments {

  static final String PROPERTY_TYPE = "ContainerCredentialGuard";

  private CredentialGuardDocuments() {}

  /**
   * The {@code HcsModifyServiceSettings} request that adds an instance for a container; the
   * transport is LRPC for process isolation and HvSocket for Hyper-V. HostProcess containers run
   * outside HCS and cannot have one.
   */
  public static ServiceSettingsRequest addInstance(
      String containerId, String credentialSpecJson, Isolation isolation) {
    Inputs.requireText(containerId, "container id");
    return operation(
        "AddInstance",
        new ContainerCredentialGuardAddInstanceRequest(
            containerId, validSpec(containerId, credentialSpecJson), transport(isolation)));
  }

  /** The request that removes a container's instance. */
  public static ServiceSettingsRequest removeInstance(String containerId) {
    Inputs.requireText(containerId, "container id");
    return operation(
        "RemoveInstance", new ContainerCredentialGuardRemoveInstanceRequest(containerId));
  }

  /** The {@code HcsGetServiceProperties} query that lists the instances. */
  public static PropertyQuery query() {
    return new PropertyQuery(List.of(PROPERTY_TYPE));
  }

  /**
   * The credential guard of a container's instance in the service properties {@link #query}
   * returned; {@link NotFoundException} when the service holds none for it.
   */
  public static ContainerCredentialGuard find(String propertiesJson, String containerId) {
    ContainerCredentialGuardInstance found =
        instance(propertiesJson, containerId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "HCS holds no credential guard instance for container " + containerId));
    if (found.credentialGuard() == null) {
      throw new NotFoundException(
          "the credential guard instance of container " + containerId + " has no CredentialGuard");
    }
    return found.credentialGuard();
  }

  /**
   * A container's whole instance, with the hvsocket service a Hyper-V container reaches it through
   * ({@link #hvSocketService}).
   */
  public static Optional<ContainerCredentialGuardInstance> instance(
      String propertiesJson, String containerId) {
    return instances(propertiesJson).stream().filter(i -> containerId.equals(i.id())).findFirst();
  }

  /** The IDs of every instance, for removing orphans at start. */
  public static List<String> instanceIds(String propertiesJson) {
    return instances(propertiesJson).stream().map(ContainerCredentialGuardInstance::id).toList();
  }

  /**
   * The update that opens a Hyper-V container's instance service in its utility VM's hvsocket
   * service table (WINDOWS.md §7 step 3, §2e).
   */
  public static ModifySettingRequest hvSocketService(ContainerCredentialGuardInstance instance) {
    if (instance.hvSocketConfig() == null || instance.hvSocketConfig().serviceId() == null) {
      throw new InvalidArgumentException(
          "credential guard instance " + instance.id() + " has no hvsocket service");
    }
    return new ModifySettingRequest(
        "VirtualMachine/Devices/HvSocket/HvSocketConfig/ServiceTable/"
            + instance.hvSocketConfig().serviceId(),
        ModifySettingRequest.UPDATE,
        instance.hvSocketConfig().serviceConfig(),
        null);
  }

  private static List<ContainerCredentialGuardInstance> instances(String propertiesJson) {
    ServiceProperties properties = HcsJson.read(propertiesJson, ServiceProperties.class);
    List<ContainerCredentialGuardInstance> out = new ArrayList<>();
    if (properties.properties() == null) {
      return out;
    }
    for (JsonNode p : properties.properties()) {
      if (!p.isObject()) {
        continue;
      }
      ContainerCredentialGuardSystemInfo info =
          HcsJson.mapper().convertValue(p, ContainerCredentialGuardSystemInfo.class);
      if (info.instances() != null) {
        out.addAll(info.instances());
      }
    }
    return out;
  }

  private static ServiceSettingsRequest operation(String operation, Object details) {
    return new ServiceSettingsRequest(
        PROPERTY_TYPE, new ContainerCredentialGuardOperationRequest(operation, details));
  }

  private static String transport(Isolation isolation) {
    return switch (isolation) {
      case PROCESS -> "LRPC";
      case HYPERV -> "HvSocket";
      case HOST_PROCESS ->
          throw new InvalidArgumentException(
              "gMSA credential specs need an HCS container; HostProcess containers have none");
    };
  }

  /** HCS takes the spec as a string, but it must be the JSON object kubelet resolved. */
  private static String validSpec(String containerId, String spec) {
    Inputs.requireText(spec, "credential spec of container " + containerId);
    try {
      if (HcsJson.mapper().readTree(spec).isObject()) {
        return spec;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new InvalidArgumentException(
        "the credential spec of container " + containerId + " is not a JSON object");
  }
}
