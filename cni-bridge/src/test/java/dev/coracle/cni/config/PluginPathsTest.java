package dev.coracle.cni.config;

import static dev.coracle.cni.config.TestFiles.binary;
import static dev.coracle.cni.config.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.cni.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginPathsTest {

  @TempDir Path dir;

  private PluginPaths paths() {
    return new PluginPaths(List.of(dir.resolve("first"), dir.resolve("second")));
  }

  @Test
  void find_takesTheFirstDirHoldingTheBinary() throws Exception {
    binary(dir.resolve("second"), "bridge");
    assertEquals(dir.resolve("second/bridge"), paths().find("bridge"));

    binary(dir.resolve("first"), "bridge");
    assertEquals(dir.resolve("first/bridge"), paths().find("bridge"));
  }

  @Test
  void find_passesOverNonExecutablesAndDirs() throws Exception {
    file(dir.resolve("first"), "bridge", "rw-r--r--");
    Files.createDirectories(dir.resolve("first/portmap"));
    binary(dir.resolve("second"), "bridge");
    binary(dir.resolve("second"), "portmap");

    assertEquals(dir.resolve("second/bridge"), paths().find("bridge"));
    assertEquals(dir.resolve("second/portmap"), paths().find("portmap"));
  }

  @Test
  void find_missing_namesTheTypeTheDirsAndWhatWasThereInstead() throws Exception {
    file(dir.resolve("first"), "bridge", "rw-r--r--");
    Files.createDirectories(dir.resolve("second/bridge"));

    CniException e = assertThrows(CniException.class, () -> paths().find("bridge"));

    assertEquals("bridge", e.plugin());
    assertEquals("CNI plugin \"bridge\" not found in " + dir.resolve("first") + ", " + dir.resolve("second")
        + " (" + dir.resolve("first/bridge") + " is not an executable file; " + dir.resolve("second/bridge")
        + " is a directory)", e.getMessage());
  }

  @Test
  void find_refusesATypeThatIsAPath() throws Exception {
    binary(dir.resolve("first"), "real");
    CniException e = assertThrows(CniException.class, () -> paths().find("../first/real"));
    assertEquals(CniException.INVALID_NETWORK_CONFIG, e.code());
    assertEquals(Optional.empty(), paths().lookup("../first/real"));
  }

  @Test
  void find_followsALinkToABinary() throws Exception {
    Path real = binary(dir.resolve("real"), "bridge-1.1");
    Files.createDirectories(dir.resolve("first"));
    Files.createSymbolicLink(dir.resolve("first/bridge"), real);

    assertEquals(dir.resolve("first/bridge"), paths().find("bridge"));
  }

  @Test
  void missing_listsPluginAndIpamTypesWithoutABinary_inOrder_once() throws Exception {
    binary(dir.resolve("first"), "bridge");
    NetworkConfigList network = ConfigLoader.parse(("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":["
        + "{\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\"}},"
        + "{\"type\":\"portmap\"},{\"type\":\"macvlan\",\"ipam\":{\"type\":\"host-local\"}}]}")
        .getBytes(StandardCharsets.UTF_8), null);

    assertEquals(List.of("host-local", "portmap", "macvlan"), paths().missing(network));

    binary(dir.resolve("second"), "host-local");
    binary(dir.resolve("second"), "portmap");
    binary(dir.resolve("second"), "macvlan");
    assertEquals(List.of(), paths().missing(network));
  }

  @Test
  void new_refusesRelativeDirsAndAnEmptyList_andDropsRepeats() {
    assertThrows(IllegalArgumentException.class, () -> new PluginPaths(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new PluginPaths(List.of(Path.of("bin"))));
    assertThrows(IllegalArgumentException.class, () -> new PluginPaths(List.of(Path.of("/a:b"))));
    assertEquals(List.of(Path.of("/a"), Path.of("/b")),
        new PluginPaths(List.of(Path.of("/a"), Path.of("/b"), Path.of("/a"))).dirs());
  }

  @Test
  void defaults_areUpstreamThenDebian_andCniPathJoinsThem() {
    assertEquals(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")), PluginPaths.defaults().dirs());
    assertEquals("/opt/cni/bin:/usr/lib/cni", PluginPaths.defaults().cniPath());
  }
}
