package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.config.NetworkConfigList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {

  @TempDir Path dir;

  private ResultCache.Entry entry(String id) {
    ResultCache.Key key = new ResultCache.Key("pod-net.v1", id, "eth0");
    NetworkConfigList list = new NetworkConfigList("1.0.0", "pod-net.v1", true, false,
        List.of(ResultJsonTest.json("{'type':'bridge','bridge':'cbr0'}"),
            ResultJsonTest.json("{'type':'portmap','capabilities':{'portMappings':true}}")),
        Path.of("/etc/cni/net.d/10-pods.conflist"));
    PodRuntimeConf runtime = PodRuntimeConf.forPod(id, Path.of("/run/ns/" + id), "default", "web", "u1")
        .withPortMappings(List.of(new PodRuntimeConf.PortMapping(8080, 80, "tcp", "")));
    ObjectNode raw = ResultJsonTest.json("{'cniVersion':'1.0.0','ips':[{'address':'198.18.7.5/24'}]}");
    return new ResultCache.Entry(key, list, runtime, ResultJson.parse(raw, "bridge"));
  }

  @Test
  void put_thenGetReturnsEverythingAsWritten() {
    ResultCache.Entry e = entry("abc");

    new ResultCache(dir.resolve("results")).put(e);

    assertEquals(e, new ResultCache(dir.resolve("results")).get(e.key()).orElseThrow());
  }

  @Test
  void put_leavesNoTemporaryFile() throws IOException {
    ResultCache cache = new ResultCache(dir);
    cache.put(entry("abc"));
    cache.put(entry("abc"));

    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("pod-net.v1:abc:eth0.json"),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void all_andRemove() {
    ResultCache cache = new ResultCache(dir);
    cache.put(entry("abc"));
    cache.put(entry("def"));

    cache.remove(new ResultCache.Key("pod-net.v1", "abc", "eth0"));

    assertEquals(Set.of(new ResultCache.Key("pod-net.v1", "def", "eth0")), cache.all());
    assertTrue(cache.get(new ResultCache.Key("pod-net.v1", "abc", "eth0")).isEmpty());
  }

  @Test
  void all_missingDirectoryIsEmpty() {
    assertTrue(new ResultCache(dir.resolve("none")).all().isEmpty());
  }
}
