package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol over a recording PluginExec; CniClientLinuxTest runs the real plugins. */
class CniClientTest {

  private static final String BRIDGE_RESULT = "{'cniVersion':'1.0.0',"
      + "'interfaces':[{'name':'br'},{'name':'eth0','sandbox':'/ns'}],"
      + "'ips':[{'address':'198.18.7.5/24','gateway':'198.18.7.1','interface':1}]}";

  @TempDir Path dir;
  private final RecordingExec exec = new RecordingExec();

  private CniClient client() {
    return new CniClient(
        type -> Path.of("/bin-dir", type), List.of(Path.of("/a"), Path.of("/b")),
        new ResultCache(dir), Duration.ofSeconds(5), exec);
  }

  private static NetworkConfigList list(String version, String... types) {
    List<ObjectNode> plugins = Arrays.stream(types)
        .map(t -> ResultJsonTest.json("{'type':'" + t + "','capabilities':{'portMappings':true}}"))
        .toList();
    return new NetworkConfigList(version, "pods", false, false, plugins, null);
  }

  private static PodRuntimeConf pod(String id) {
    return PodRuntimeConf.forPod(id, Path.of("/ns"), "default", "web", "uid-1")
        .withPortMappings(List.of(new PodRuntimeConf.PortMapping(8080, 80, "tcp", "")));
  }

  @Test
  void add_chainsPrevResultAndSetsTheEnvironment() {
    exec.answer("ADD bridge", 0, BRIDGE_RESULT)
        .answer("ADD portmap", 0, BRIDGE_RESULT);

    CniResult r = client().add(list("1.0.0", "bridge", "portmap"), pod("abc"));

    assertEquals(List.of("198.18.7.5"), r.podIps());
    RecordingExec.Call first = exec.calls.get(0);
    assertEquals("abc", first.env().get("CNI_CONTAINERID"));
    assertEquals("/ns", first.env().get("CNI_NETNS"));
    assertEquals("eth0", first.env().get("CNI_IFNAME"));
    assertEquals("/a:/b", first.env().get("CNI_PATH"));
    assertTrue(first.env().get("CNI_ARGS").startsWith("IgnoreUnknown=1;K8S_POD_NAMESPACE=default"));
    assertFalse(first.stdin().has("prevResult"));
    assertEquals(8080, first.stdin().at("/runtimeConfig/portMappings/0/hostPort").asInt());
    assertEquals(ResultJsonTest.json(BRIDGE_RESULT), exec.calls.get(1).stdin().get("prevResult"));
    assertTrue(new ResultCache(dir).get(new ResultCache.Key("pods", "abc", "eth0")).isPresent());
  }

  @Test
  void add_resultInAnotherVersionConvertedToTheList() {
    exec.answer("ADD ipam", 0, "{'cniVersion':'0.4.0','ips':[{'version':'4','address':'198.18.7.5/24'}]}")
        .answer("ADD next", 0, "{'cniVersion':'1.0.0','ips':[{'address':'198.18.7.5/24'}]}");

    CniResult r = client().add(list("1.0.0", "ipam", "next"), pod("abc"));

    assertEquals("1.0.0", r.cniVersion());
    assertFalse(exec.calls.get(1).stdin().at("/prevResult/ips/0").has("version"));
  }

  @Test
  void add_failureInTheMiddleDeletesTheWholeListInReverse() {
    exec.answer("ADD a", 0, BRIDGE_RESULT)
        .answer("ADD b", 1, "{'code':110,'msg':'no luck','details':'by design'}");

    CniException e = assertThrows(CniException.class, () -> client().add(list("1.0.0", "a", "b", "c"), pod("abc")));

    assertEquals(110, e.code());
    assertEquals("b", e.plugin());
    assertEquals("plugin b failed: no luck (by design)", e.getMessage());
    assertEquals(List.of("ADD a", "ADD b", "DEL c", "DEL b", "DEL a"), exec.labels());
    assertTrue(new ResultCache(dir).all().isEmpty());
  }

  @Test
  void add_emptyOutputIsADecodingFailureAndUndone() {
    CniException e = assertThrows(CniException.class, () -> client().add(list("1.0.0", "a"), pod("abc")));

    assertEquals(CniException.DECODING_FAILURE, e.code());
    assertEquals(List.of("ADD a", "DEL a"), exec.labels());
  }

  @Test
  void add_twiceWithoutDelRefused() {
    exec.answer("ADD a", 0, BRIDGE_RESULT);
    client().add(list("1.0.0", "a"), pod("abc"));

    assertThrows(CniException.class, () -> client().add(list("1.0.0", "a"), pod("abc")));
    assertEquals(List.of("ADD a"), exec.labels());
  }

  @Test
  void del_usesTheCachedListAndParametersThenForgetsThem() {
    exec.answer("ADD old1", 0, BRIDGE_RESULT).answer("ADD old2", 0, BRIDGE_RESULT);
    client().add(list("1.0.0", "old1", "old2"), pod("abc"));
    exec.calls.clear();

    // after a restart, with the network's config changed and the pod's port mappings unknown
    new CniClient(type -> Path.of("/bin-dir", type), List.of(Path.of("/a")), new ResultCache(dir),
        Duration.ofSeconds(5), exec)
        .del(list("1.0.0", "new"), PodRuntimeConf.forPod("abc", Path.of("/ns"), "default", "web", "uid-1"));

    assertEquals(List.of("DEL old2", "DEL old1"), exec.labels());
    assertEquals(ResultJsonTest.json(BRIDGE_RESULT), exec.calls.get(0).stdin().get("prevResult"));
    assertEquals(8080, exec.calls.get(0).stdin().at("/runtimeConfig/portMappings/0/hostPort").asInt());
    assertTrue(new ResultCache(dir).all().isEmpty());

    exec.calls.clear();
    client().del(list("1.0.0", "new"), pod("abc"));
    assertEquals(List.of("DEL new"), exec.labels());
    assertFalse(exec.calls.get(0).stdin().has("prevResult"));
  }

  @Test
  void del_unreadableCacheEntryStillDeletesWithTheGivenListAndDropsIt() throws Exception {
    Files.writeString(dir.resolve("pods:abc:eth0.json"), "{half");

    client().del(list("1.0.0", "a"), pod("abc"));

    assertEquals(List.of("DEL a"), exec.labels());
    assertTrue(new ResultCache(dir).all().isEmpty());
  }

  @Test
  void del_failingPluginDoesNotStopTheOthersAndKeepsTheCache() {
    exec.answer("ADD a", 0, BRIDGE_RESULT).answer("ADD b", 0, BRIDGE_RESULT)
        .answer("DEL b", 1, "", "cannot reach the datastore");
    client().add(list("1.0.0", "a", "b"), pod("abc"));

    CniException e = assertThrows(CniException.class, () -> client().del(list("1.0.0", "a", "b"), pod("abc")));

    assertEquals("plugin b failed: exit status 1: cannot reach the datastore", e.getMessage());
    assertEquals(List.of("ADD a", "ADD b", "DEL b", "DEL a"), exec.labels());
    assertEquals(1, new ResultCache(dir).all().size());
  }

  @Test
  void check_passesTheCachedResultOrRefusesWithoutOne() {
    CniException e = assertThrows(CniException.class, () -> client().check(list("1.0.0", "a"), pod("abc")));
    assertEquals(CniException.UNKNOWN_CONTAINER, e.code());

    exec.answer("ADD a", 0, BRIDGE_RESULT);
    client().add(list("1.0.0", "a"), pod("abc"));
    client().check(list("1.0.0", "a"), pod("abc"));

    assertEquals(List.of("ADD a", "CHECK a"), exec.labels());
    assertEquals(ResultJsonTest.json(BRIDGE_RESULT), exec.calls.get(1).stdin().get("prevResult"));
  }

  @Test
  void check_skippedWhenTheListDisablesIt() {
    NetworkConfigList l = list("1.0.0", "a");
    NetworkConfigList off = new NetworkConfigList("1.0.0", "pods", true, false, l.plugins(), null);

    assertDoesNotThrow(() -> client().check(off, pod("abc")));
    assertTrue(exec.calls.isEmpty());
  }

  @Test
  void status_pluginsNotSpeaking110AreReady() {
    exec.answer("VERSION old", 0, "{'cniVersion':'1.0.0','supportedVersions':['0.4.0','1.0.0']}")
        .answer("VERSION new", 0, "{'cniVersion':'1.1.0','supportedVersions':['1.0.0','1.1.0']}");

    client().status(list("1.1.0", "old", "new"));

    assertEquals(List.of("VERSION old", "VERSION new", "STATUS new"), exec.labels());
    assertFalse(exec.calls.get(2).env().containsKey("CNI_CONTAINERID"));
  }

  @Test
  void status_notReadyThrown() {
    exec.answer("VERSION new", 0, "{'cniVersion':'1.1.0','supportedVersions':['1.1.0']}")
        .answer("STATUS new", 1, "{'code':50,'msg':'no datastore'}");

    CniException e = assertThrows(CniException.class, () -> client().status(list("1.1.0", "new")));

    assertEquals(CniException.NOT_READY, e.code());
    assertTrue(e.isTransient());
  }

  @Test
  void status_olderListsAreReadyWithoutAsking() {
    client().status(list("1.0.0", "a"));

    assertTrue(exec.calls.isEmpty());
  }

  @Test
  void gc_deletesStaleCachedAttachmentsAndPassesTheValidOnes() {
    exec.answer("ADD a", 0, BRIDGE_RESULT.replace("1.0.0", "1.1.0"))
        .answer("VERSION a", 0, "{'cniVersion':'1.1.0','supportedVersions':['1.1.0']}");
    NetworkConfigList l = list("1.1.0", "a");
    client().add(l, pod("keep"));
    client().add(l, pod("stale"));
    exec.calls.clear();

    client().gc(l, Set.of(new Attachment("keep", "eth0")));

    assertEquals(List.of("DEL a", "VERSION a", "GC a"), exec.labels());
    assertEquals("stale", exec.calls.get(0).env().get("CNI_CONTAINERID"));
    assertEquals(ResultJsonTest.json("{'v':[{'containerID':'keep','ifname':'eth0'}]}").get("v"),
        exec.calls.get(2).stdin().get("cni.dev/valid-attachments"));
    assertEquals(Set.of(new ResultCache.Key("pods", "keep", "eth0")), new ResultCache(dir).all());
  }
}
