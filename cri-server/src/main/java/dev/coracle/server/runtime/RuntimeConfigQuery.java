package dev.coracle.server.runtime;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.cri.v1.LinuxRuntimeConfiguration;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeConfigResponse;
import dev.coracle.server.translate.StatusTranslator;

/** {@code RuntimeConfig}: the cgroup driver in use, which kubelet adopts as its own. */
final class RuntimeConfigQuery {

  private final CgroupDriver driver;

  RuntimeConfigQuery(CgroupDriver driver) {
    this.driver = driver;
  }

  RuntimeConfigResponse handle(RuntimeConfigRequest request) {
    return RuntimeConfigResponse.newBuilder()
        .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(StatusTranslator.cgroupDriver(driver)))
        .build();
  }
}
