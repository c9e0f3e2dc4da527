package dev.coracle.core.image.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryProcessTest {

  @Test
  void start_portTakenByAnotherServer_returnsFalseAndStopsTheRegistry(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      RegistryProcess process = new RegistryProcess(dir, "", 200);

      assertFalse(process.start(taken.getLocalPort()));

      assertFalse(process.isRunning());
    }
  }

  @Test
  void start_badConfig_failsWithTheRegistrysOwnWords(@TempDir Path dir) {
    RegistryProcess process = new RegistryProcess(dir, "auth:\n  nosuchmode: {}\n", 200);

    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> process.start(FreePort.pick()));

    assertTrue(failure.getMessage().contains("nosuchmode"), failure.getMessage());
    assertFalse(process.isRunning());
  }
}
