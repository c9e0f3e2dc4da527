package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cri.v1.CgroupDriver;
import dev.coracle.cri.v1.RuntimeConfigRequest;
import dev.coracle.cri.v1.RuntimeConfigResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RuntimeConfig")
class RuntimeConfigSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  @Test
  @DisplayName("names the cgroup driver in use")
  void namesCgroupDriver() {
    RuntimeConfigResponse config = Requirements.rpcSince("RuntimeConfig", "1.28",
        () -> cri.runtime().runtimeConfig(RuntimeConfigRequest.getDefaultInstance()));
    assertTrue(config.hasLinux(), "linux section present");
    CgroupDriver driver = config.getLinux().getCgroupDriver();
    assertTrue(driver == CgroupDriver.CGROUPFS || driver == CgroupDriver.SYSTEMD, driver::toString);
  }

  @Test
  @DisplayName("Coracle extension: the driver matches the host (cgroupfs without systemd)")
  void driverMatchesHost() {
    Requirements.coracleOnly(cri);
    CgroupDriver expected = Files.isDirectory(Path.of("/run/systemd/system")) ? CgroupDriver.SYSTEMD
        : CgroupDriver.CGROUPFS;
    assertEquals(expected,
        cri.runtime().runtimeConfig(RuntimeConfigRequest.getDefaultInstance()).getLinux().getCgroupDriver());
  }
}
