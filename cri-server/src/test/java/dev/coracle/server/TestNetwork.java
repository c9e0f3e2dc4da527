package dev.coracle.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A CNI network of the test's own for a daemon under test: a conf dir holding one bridge
 * conflist (a bridge named for this test, a random /24 of 198.18.0.0/16, host-local's store in
 * the test's dir, portmap), so tests never share addresses, routes or a bridge. {@link #close}
 * deletes the bridge, which the bridge plugin never does.
 */
final class TestNetwork implements AutoCloseable {

  final Path confDir;
  final String bridge;
  final String subnet;

  private TestNetwork(Path dir) throws IOException {
    String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    this.bridge = "crt" + tag;
    this.subnet = "198.18." + (20 + ThreadLocalRandom.current().nextInt(200)) + ".0/24";
    this.confDir = Files.createDirectories(dir.resolve("net.d"));
    Files.writeString(confDir.resolve("10-test.conflist"), """
        {"cniVersion": "1.0.0", "name": "test-%s", "plugins": [
          {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}},
          {"type": "portmap", "capabilities": {"portMappings": true}}]}
        """.formatted(tag, bridge, subnet, dir.resolve("ipam")));
  }

  static TestNetwork create(Path dir) throws IOException {
    return new TestNetwork(dir);
  }

  /** The daemon's [cni] table for this network. */
  String toml() {
    return """
        [cni]
        conf_dir = "%s"
        bin_dirs = ["/usr/lib/cni", "/opt/cni/bin"]
        default_network = false
        """.formatted(confDir);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("ip", "link", "delete", bridge).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
