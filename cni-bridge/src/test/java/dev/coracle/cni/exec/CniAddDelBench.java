package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.config.NetworkConfigList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CNI ADD and DEL per pod with the plugins of Coracle's built-in network (bridge with
 * host-local, portmap, bandwidth), through the client, over N pods ({@code -Dbench.pods},
 * default 50) in namespaces of its own. Not a test (Surefire's default patterns leave it out):
 * {@code mvn -pl cni-bridge test -Dtest=CniAddDelBench}. Prints {@code BENCH} lines.
 */
class CniAddDelBench {

  private static final int PODS = Integer.getInteger("bench.pods", 50);
  private static final Path SYSTEM_BIN = Path.of("/usr/lib/cni");

  @TempDir
  Path tmp;

  @Test
  void addAndDel_perPod() throws Exception {
    assumeTrue(NetHost.usable(), "needs root, iproute2 and the CNI plugins in /usr/lib/cni");
    try (NetHost host = new NetHost()) {
      String bridge = "cbb" + host.suffix;
      host.deleteLinkAtEnd(bridge);
      ObjectMapper json = new ObjectMapper();
      ObjectNode bridgePlugin = (ObjectNode) json.readTree("""
          {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": true, "hairpinMode": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s.0/24"}]], "dataDir": "%s"}}
          """.formatted(bridge, host.freeSubnetPrefix(), tmp.resolve("ipam")));
      NetworkConfigList list = new NetworkConfigList("1.0.0", "bench-" + host.suffix, false, false, List.of(
          bridgePlugin,
          (ObjectNode) json.readTree("{\"type\": \"portmap\", \"snat\": true, \"capabilities\": {\"portMappings\": true}}"),
          (ObjectNode) json.readTree("{\"type\": \"bandwidth\", \"capabilities\": {\"bandwidth\": true}}")), null);
      CniClient client = new CniClient(type -> Files.isExecutable(SYSTEM_BIN.resolve(type)) ? SYSTEM_BIN.resolve(type)
          : null, List.of(SYSTEM_BIN), new ResultCache(tmp.resolve("cache")));
      long[] adds = new long[PODS];
      long[] dels = new long[PODS];
      List<PodRuntimeConf> pods = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        String id = "cb" + host.suffix + i;
        pods.add(PodRuntimeConf.forPod(id, host.netns("b" + i), "bench", "pod" + i, "uid-" + id));
      }
      for (int i = 0; i < PODS; i++) {
        long start = System.nanoTime();
        client.add(list, pods.get(i));
        adds[i] = System.nanoTime() - start;
      }
      for (int i = 0; i < PODS; i++) {
        long start = System.nanoTime();
        client.del(list, pods.get(i));
        dels[i] = System.nanoTime() - start;
      }
      System.out.println(row("CNI ADD (bridge+portmap+bandwidth)", adds));
      System.out.println(row("CNI DEL (bridge+portmap+bandwidth)", dels));
    }
  }

  private static String row(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("BENCH %-40s n=%d  p50=%7.2f ms  p90=%7.2f ms  p99=%7.2f ms  max=%7.2f ms", what,
        sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
