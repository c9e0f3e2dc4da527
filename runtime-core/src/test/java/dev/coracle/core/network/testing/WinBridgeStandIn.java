package dev.coracle.core.network.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A CNI network for a Windows node simulated on Linux: a conflist of one plugin named {@code
 * win-bridge} (cniVersion 1.0.0, capabilities {@code portMappings} and {@code dns}, as
 * containerd's Windows confs have, WINDOWS.md §4) and, in a bin dir of its own, a shell script
 * of that name standing in for the plugin.
 *
 * <p>Why a script stands in: the real {@code win-bridge} makes an HNS endpoint in an existing
 * HNS network and attaches it to the pod's HCN namespace; Linux has no HNS, so it cannot run
 * here. What the tests need from it is what the runtime sends and what it gets back: the
 * script appends {@code CNI_COMMAND CNI_CONTAINERID CNI_NETNS} of every call, VERSION
 * included, to {@link #callsFile()}, and answers ADD with an address of its own /24 of
 * 198.18.0.0/16 ({@link #prefix()}), a different one per ADD, shaped as win-bridge's result
 * is: one interface named for the endpoint with its MAC and no sandbox, and an address that
 * names no interface.
 */
public final class WinBridgeStandIn {

  /** One call of the plugin as it saw it. */
  public record Call(String command, String containerId, String netns) {}

  private final Path binDir;
  private final Path confDir;
  private final Path calls;
  private final String prefix;

  private WinBridgeStandIn(Path binDir, Path confDir, Path calls, String prefix) {
    this.binDir = binDir;
    this.confDir = confDir;
    this.calls = calls;
    this.prefix = prefix;
  }

  /** Writes the script into {@code dir/cni-bin}, the conflist into {@code dir/net.d}. */
  public static WinBridgeStandIn create(Path dir) {
    String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    String prefix = "198.18." + (20 + ThreadLocalRandom.current().nextInt(200)) + ".";
    try {
      Path binDir = Files.createDirectories(dir.resolve("cni-bin"));
      Path confDir = Files.createDirectories(dir.resolve("net.d"));
      Path calls = dir.resolve("win-bridge.calls");
      Files.createFile(calls);
      Path script = binDir.resolve("win-bridge");
      Files.writeString(script, script(calls, prefix));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path temp = confDir.resolve("conflist.tmp");
      Files.writeString(temp, """
          {"cniVersion": "1.0.0", "name": "winsim-%s", "plugins": [
            {"type": "win-bridge", "ApiVersion": 2, "capabilities": {"portMappings": true, "dns": true},
             "ipam": {"subnet": "%s0/24"}}]}
          """.formatted(tag, prefix));
      Files.move(temp, confDir.resolve("10-win-bridge.conflist"), StandardCopyOption.ATOMIC_MOVE);
      return new WinBridgeStandIn(binDir, confDir, calls, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ADD numbers its addresses from .2 by the calls so far, so each ADD has its own. */
  private static String script(Path calls, String prefix) {
    return """
        #!/bin/sh
        # win-bridge stand-in: Linux has no HNS, so the real plugin cannot run; this records
        # every call and answers as a CNI 1.0.0 plugin would.
        calls='%s'
        echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_NETNS" >> "$calls"
        cat > /dev/null
        case "$CNI_COMMAND" in
          ADD)
            n=$(( $(wc -l < "$calls") %% 250 + 2 ))
            printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%%s_winsim","mac":"00-15-5D-00-00-%%02X"}],"ips":[{"address":"%s%%s/24","gateway":"%s1"}],"dns":{}}' "$CNI_CONTAINERID" "$n" "$n"
            ;;
          VERSION)
            printf '{"cniVersion":"1.0.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0"]}'
            ;;
        esac
        exit 0
        """.formatted(calls, prefix, prefix);
  }

  public Path binDir() {
    return binDir;
  }

  public Path confDir() {
    return confDir;
  }

  public Path callsFile() {
    return calls;
  }

  /** The address prefix of every pod, e.g. {@code 198.18.42.}. */
  public String prefix() {
    return prefix;
  }

  /** The calls so far, in order; VERSION calls left out. */
  public List<Call> calls() {
    try {
      return Files.readAllLines(calls).stream()
          .map(line -> line.split(" ", -1))
          .filter(f -> !f[0].equals("VERSION"))
          .map(f -> new Call(f[0], f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : ""))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The daemon's {@code [cni]} table: this conf dir, this bin dir searched first. */
  public String toml() {
    return """
        [cni]
        conf_dir = "%s"
        bin_dirs = ["%s", "/usr/lib/cni"]
        """.formatted(confDir, binDir);
  }
}
