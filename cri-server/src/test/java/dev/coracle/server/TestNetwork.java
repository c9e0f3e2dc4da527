package dev.coracle.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A CNI network of the test's own for a daemon under test: a conf dir holding one bridge
 * conflist (a bridge named for this test, a random /24 of 198.18.0.0/16 and, for dual stack, a
 * /64 of fd00::/8, host-local's store in the test's dir, portmap), so tests never share
 * addresses, routes or a bridge. {@link #close} deletes the bridge, which the bridge plugin
 * never does.
 */
final class TestNetwork implements AutoCloseable {

  final Path dir;
  final Path confDir;
  final Path ipamDir;
  final String tag;
  final String bridge;
  final String subnet;
  final String subnet6;

  private TestNetwork(Path dir) throws IOException {
    this.dir = dir;
    this.tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    this.bridge = "crt" + tag;
    int third = 20 + ThreadLocalRandom.current().nextInt(200);
    this.subnet = "198.18." + third + ".0/24";
    this.subnet6 = "fd00:c0:" + Integer.toHexString(third) + "::/64";
    this.confDir = Files.createDirectories(dir.resolve("net.d"));
    this.ipamDir = dir.resolve("ipam");
  }

  /** The network with IPv4 only, written to the conf dir. */
  static TestNetwork create(Path dir) throws IOException {
    TestNetwork network = new TestNetwork(dir);
    network.write(false, "");
    return network;
  }

  /** A network not written yet: the conf dir is empty until {@link #write}. */
  static TestNetwork unwritten(Path dir) throws IOException {
    return new TestNetwork(dir);
  }

  /**
   * Writes (or replaces) the conflist.
   *
   * @param dualStack a second range from {@link #subnet6}
   * @param extraPlugins more plugin objects after portmap, each preceded by a comma
   */
  void write(boolean dualStack, String extraPlugins) throws IOException {
    String ranges = dualStack
        ? "[{\"subnet\": \"%s\"}], [{\"subnet\": \"%s\"}]".formatted(subnet, subnet6)
        : "[{\"subnet\": \"%s\"}]".formatted(subnet);
    Path temp = dir.resolve("conflist.tmp");
    Files.writeString(temp, """
        {"cniVersion": "1.0.0", "name": "test-%s", "plugins": [
          {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
           "ipam": {"type": "host-local", "ranges": [%s], "dataDir": "%s"}},
          {"type": "portmap", "capabilities": {"portMappings": true}}%s]}
        """.formatted(tag, bridge, ranges, ipamDir, extraPlugins));
    Files.move(temp, confDir.resolve("10-test.conflist"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The address prefix every pod of the IPv4 range has, e.g. "198.18.42.". */
  String prefix() {
    return subnet.substring(0, subnet.lastIndexOf('.') + 1);
  }

  /** The gateway: the bridge's own address on the IPv4 range. */
  String gateway() {
    return prefix() + "1";
  }

  /** The daemon's [cni] table for this network, with more bin dirs searched first. */
  String toml(Path... extraBinDirs) {
    StringBuilder dirs = new StringBuilder();
    for (Path extra : extraBinDirs) {
      dirs.append('"').append(extra).append("\", ");
    }
    return """
        [cni]
        conf_dir = "%s"
        bin_dirs = [%s"/usr/lib/cni", "/opt/cni/bin"]
        default_network = false
        """.formatted(confDir, dirs);
  }

  /** Addresses host-local holds (its store keeps one file per address). */
  long allocated() throws IOException {
    Path store = ipamDir.resolve("test-" + tag);
    if (!Files.isDirectory(store)) {
      return 0;
    }
    try (var files = Files.list(store)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".") || n.contains(":"))
          .filter(n -> !n.startsWith("last_reserved_ip") && !n.equals("lock")).count();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("ip", "link", "delete", bridge).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
