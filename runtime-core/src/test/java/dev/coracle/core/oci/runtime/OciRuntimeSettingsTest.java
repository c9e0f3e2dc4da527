package dev.coracle.core.oci.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupLayout;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciRuntimeSettingsTest {

  private static final Path ROOT = Path.of("/run/coracle/x");

  @Test
  void refusal_crunOnHybrid_explainsWhy() {
    Optional<String> refusal = OciRuntimeSettings.crun(Path.of("/usr/bin/crun"), ROOT).refusal(CgroupLayout.HYBRID);

    assertTrue(refusal.orElseThrow().contains("hybrid cgroup layout"), refusal.toString());
  }

  @Test
  void refusal_crunOnPureLayouts_andRuncAnywhere_isNone() {
    OciRuntimeSettings crun = OciRuntimeSettings.crun(Path.of("/usr/bin/crun"), ROOT);
    OciRuntimeSettings runc = OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"), ROOT);

    assertEquals(Optional.empty(), crun.refusal(CgroupLayout.UNIFIED));
    assertEquals(Optional.empty(), crun.refusal(CgroupLayout.LEGACY));
    for (CgroupLayout layout : CgroupLayout.values()) {
      assertEquals(Optional.empty(), runc.refusal(layout));
    }
  }
}
