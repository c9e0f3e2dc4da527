package dev.coracle.core.oci.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeHandlersTest {

  private final OciRuntimeSettings runc = OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"), Path.of("/run/r/runc"));
  private final OciRuntimeSettings crun = OciRuntimeSettings.crun(Path.of("/usr/bin/crun"), Path.of("/run/r/crun"));
  private final RuntimeHandlers handlers = new RuntimeHandlers("runc", Map.of("runc", runc, "crun", crun));

  @Test
  void resolve_emptyIsTheDefault_aNameIsItself() {
    assertEquals(runc, handlers.resolve(""));
    assertEquals(runc, handlers.resolve(null));
    assertEquals(crun, handlers.resolve("crun"));
    assertEquals("runc", handlers.resolveName(""));
    assertEquals("crun", handlers.resolveName("crun"));
    assertEquals(List.of("crun", "runc"), List.copyOf(handlers.names()));
  }

  @Test
  void resolve_unknown_isInvalidArgumentNamingTheConfiguredOnes() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> handlers.resolve("x"));
    assertEquals("unknown runtime handler \"x\" (configured: crun, runc)", e.getMessage());
  }

  @Test
  void construct_withAnUnconfiguredDefault_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> new RuntimeHandlers("kata", Map.of("runc", runc)));
  }
}
