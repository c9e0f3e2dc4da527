package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.cni.CniException;
import dev.coracle.cni.config.NetworkConfigList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec protocol with Debian's real plugins (bridge, host-local, portmap, loopback) in
 * network namespaces made for each test, on a free /24 of 198.18.0.0/16 behind a bridge of
 * the test's own. Root only.
 */
class CniClientLinuxTest {

  private static final Path SYSTEM_BIN = Path.of("/usr/lib/cni");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private NetHost host;
  private Path bin;
  private Path ipam;
  private Path cacheDir;
  private String bridge;
  private String subnet;
  private String network;
  private final List<PodRuntimeConf> added = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(NetHost.usable(), "needs root, iproute2, busybox and the CNI plugins in /usr/lib/cni");
    host = new NetHost();
    bin = Files.createDirectories(tmp.resolve("bin"));
    ipam = tmp.resolve("ipam");
    cacheDir = tmp.resolve("cache");
    bridge = "cbr" + host.suffix;
    subnet = host.freeSubnetPrefix();
    network = "ctest-" + host.suffix;
    host.deleteLinkAtEnd(bridge);
  }

  @AfterEach
  void tearDown() {
    if (host == null) {
      return;
    }
    // Whatever a test left attached goes through DEL first; then the namespaces, the bridge
    // and any nat rule that still names one of the test's pods.
    CniClient client = client(Duration.ofSeconds(30));
    for (PodRuntimeConf pod : added) {
      try {
        client.del(list(true), pod);
      } catch (RuntimeException e) {
        // the checks below and the host's undo steps clean up what DEL could not
      }
      NetHost.removeNatRules(pod.containerId());
    }
    host.close();
  }

  private CniClient client(Duration timeout) {
    return new CniClient(this::lookup, List.of(bin, SYSTEM_BIN), new ResultCache(cacheDir), timeout);
  }

  private CniClient client() {
    return client(CniClient.DEFAULT_TIMEOUT);
  }

  private Path lookup(String type) {
    for (Path dir : List.of(bin, SYSTEM_BIN)) {
      if (Files.isExecutable(dir.resolve(type))) {
        return dir.resolve(type);
      }
    }
    return null;
  }

  private ObjectNode bridgePlugin(Path dataDir) {
    ObjectNode p = json("{'type':'bridge','bridge':'" + bridge + "','isGateway':false,'ipMasq':false,"
        + "'ipam':{'type':'host-local','ranges':[[{'subnet':'" + subnet + ".0/24'}]]}}");
    ((ObjectNode) p.get("ipam")).put("dataDir", dataDir.toString());
    return p;
  }

  private static ObjectNode portmapPlugin() {
    return json("{'type':'portmap','capabilities':{'portMappings':true}}");
  }

  private NetworkConfigList list(boolean withPortmap) {
    List<ObjectNode> plugins = new ArrayList<>(List.of(bridgePlugin(ipam)));
    if (withPortmap) {
      plugins.add(portmapPlugin());
    }
    return new NetworkConfigList("1.0.0", network, false, false, plugins, null);
  }

  private NetworkConfigList list(String version, ObjectNode... plugins) {
    return new NetworkConfigList(version, network, false, false, List.of(plugins), null);
  }

  private PodRuntimeConf pod(String name) {
    String id = "cx" + host.suffix + name;
    PodRuntimeConf conf = PodRuntimeConf.forPod(id, host.netns(name), "default", name, "uid-" + id);
    added.add(conf);
    return conf;
  }

  private Path ipFile(String ip) {
    return ipam.resolve(network).resolve(ip);
  }

  private static String addresses(Path netns, String dev) {
    return NetHost.tryRun("ip", "-n", netns.getFileName().toString(), "-o", "addr", "show", "dev", dev);
  }

  private List<String> natRulesOf(String id) {
    return NetHost.natRules().stream().filter(l -> l.contains(id)).toList();
  }

  private List<String> bridgePorts() {
    return NetHost.tryRun("ip", "-o", "link", "show", "master", bridge).lines().toList();
  }

  private Path script(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void add_podGetsItsIpOnEth0InsideItsNamespace() {
    PodRuntimeConf a = pod("a");

    CniResult r = client().add(list(false), a);

    assertEquals(1, r.podIps().size());
    String ip = r.podIps().getFirst();
    assertTrue(ip.startsWith(subnet + "."), ip);
    assertTrue(addresses(a.netns(), "eth0").contains(" " + ip + "/24 "), addresses(a.netns(), "eth0"));
    assertTrue(Files.exists(ipFile(ip)));
    assertEquals(1, bridgePorts().size());
    assertTrue(new ResultCache(cacheDir).get(new ResultCache.Key(network, a.containerId(), "eth0")).isPresent());
  }

  @Test
  void add_dualStackGivesBothFamiliesInResultOrder() {
    String v6 = "fd00:%x:%x::".formatted(
        ThreadLocalRandom.current().nextInt(1, 0xffff), ThreadLocalRandom.current().nextInt(1, 0xffff));
    ObjectNode plugin = bridgePlugin(ipam);
    ((ObjectNode) plugin.get("ipam")).set("ranges", json(
        "{'r':[[{'subnet':'" + subnet + ".0/24'}],[{'subnet':'" + v6 + "/64'}]]}").get("r"));
    PodRuntimeConf a = pod("a");

    List<String> ips = client().add(list("1.0.0", plugin), a).podIps();

    assertEquals(2, ips.size(), ips.toString());
    assertTrue(ips.get(0).startsWith(subnet + "."), ips.toString());
    assertTrue(ips.get(1).startsWith(v6), ips.toString());
    assertTrue(addresses(a.netns(), "eth0").contains(" " + ips.get(1) + "/64 "), addresses(a.netns(), "eth0"));
  }

  @Test
  void add_twoPodsReachEachOtherOverTheBridge() {
    PodRuntimeConf a = pod("a");
    PodRuntimeConf b = pod("b");
    client().add(list(false), a);
    String ipB = client().add(list(false), b).podIps().getFirst();

    assertTrue(NetHost.succeeds("ip", "netns", "exec", a.netns().getFileName().toString(),
        "busybox", "ping", "-c1", "-W5", ipB), "pod a cannot ping pod b at " + ipB);
  }

  @Test
  void add_loopbackListBringsLoUp() {
    PodRuntimeConf a = pod("a").withIfName("lo");
    NetworkConfigList loopback = list("1.0.0", json("{'type':'loopback'}"));
    assertFalse(addresses(a.netns(), "lo").contains("127.0.0.1"));

    CniResult r = client().add(loopback, a);

    assertTrue(addresses(a.netns(), "lo").contains("127.0.0.1/8"));
    assertTrue(r.podIps().contains("127.0.0.1"), r.podIps().toString());
    client().del(loopback, a);
  }

  @Test
  void del_freesTheIpRemovesTheVethAndIsIdempotent() {
    PodRuntimeConf a = pod("a");
    String ip = client().add(list(false), a).podIps().getFirst();

    client().del(list(false), a);

    assertFalse(Files.exists(ipFile(ip)));
    assertFalse(addresses(a.netns(), "eth0").contains(ip));
    assertTrue(bridgePorts().isEmpty(), bridgePorts().toString());
    assertTrue(new ResultCache(cacheDir).all().isEmpty());
    assertDoesNotThrow(() -> client().del(list(false), a));
  }

  @Test
  void del_withTheNamespaceAlreadyGoneSucceeds() {
    PodRuntimeConf a = pod("a");
    String ip = client().add(list(true), a).podIps().getFirst();
    NetHost.run("ip", "netns", "del", a.netns().getFileName().toString());

    client().del(list(true), a);

    assertFalse(Files.exists(ipFile(ip)));
    assertTrue(new ResultCache(cacheDir).all().isEmpty());
  }

  @Test
  void add_hostPortAddsNatRulesAndDelRemovesThemAll() {
    int hostPort = ThreadLocalRandom.current().nextInt(20000, 60000);
    PodRuntimeConf a = pod("a").withPortMappings(
        List.of(new PodRuntimeConf.PortMapping(hostPort, 80, "tcp", "")));
    added.set(0, a);

    client().add(list(true), a);

    List<String> rules = natRulesOf(a.containerId());
    assertTrue(rules.stream().anyMatch(l -> l.startsWith("-A CNI-HOSTPORT-DNAT") && l.contains(Integer.toString(hostPort))),
        String.join("\n", rules));
    assertTrue(NetHost.natRules().stream().anyMatch(l -> l.contains("--dport " + hostPort)
        || l.contains("--dports " + hostPort)));

    client().del(list(true), a);

    assertEquals(List.of(), natRulesOf(a.containerId()));
    assertTrue(NetHost.natRules().stream().noneMatch(l -> l.contains("--dport " + hostPort + " ")
        || l.contains("--dports " + hostPort + " ") || l.endsWith("--dport " + hostPort)));
  }

  @Test
  void add_failingPluginInTheMiddleUndoesTheEarlierOnes() throws IOException {
    script("coracle-fail", """
        case "$CNI_COMMAND" in
        ADD) echo '{"cniVersion":"1.0.0","code":110,"msg":"no luck","details":"by design"}'; exit 1;;
        esac
        exit 0
        """);
    PodRuntimeConf a = pod("a");
    NetworkConfigList l = list("1.0.0", bridgePlugin(ipam), json("{'type':'coracle-fail'}"), portmapPlugin());

    CniException e = assertThrows(CniException.class, () -> client().add(l, a));

    assertEquals(110, e.code());
    assertEquals("coracle-fail", e.plugin());
    assertEquals("plugin coracle-fail failed: no luck (by design)", e.getMessage());
    assertFalse(addresses(a.netns(), "eth0").contains("inet"), addresses(a.netns(), "eth0"));
    assertTrue(bridgePorts().isEmpty(), bridgePorts().toString());
    assertEquals(List.of(), allocatedIps());
    assertTrue(new ResultCache(cacheDir).all().isEmpty());
  }

  @Test
  void add_pluginHangingPastTheTimeoutIsKilled() throws IOException {
    Path pidFile = tmp.resolve("hang.pid");
    script("coracle-hang", """
        case "$CNI_COMMAND" in
        ADD) sleep 600 & echo $! > %s; wait; exit 0;;
        esac
        exit 0
        """.formatted(pidFile));
    PodRuntimeConf a = pod("a");
    NetworkConfigList l = list("1.0.0", bridgePlugin(ipam), json("{'type':'coracle-hang'}"));

    CniException e = assertThrows(CniException.class, () -> client(Duration.ofSeconds(3)).add(l, a));

    assertTrue(e.getMessage().startsWith("plugin coracle-hang timed out: ADD ran past 3 s"), e.getMessage());
    long sleeper = Long.parseLong(Files.readString(pidFile).strip());
    assertTrue(gone(sleeper), "the plugin's sleep " + sleeper + " still runs");
    assertEquals(List.of(), allocatedIps());
    assertTrue(bridgePorts().isEmpty(), bridgePorts().toString());
  }

  @Test
  void del_afterARestartWithTheConfigChangedUsesTheCachedOne() {
    int hostPort = ThreadLocalRandom.current().nextInt(20000, 60000);
    PodRuntimeConf a = pod("a").withPortMappings(
        List.of(new PodRuntimeConf.PortMapping(hostPort, 80, "tcp", "")));
    added.set(0, a);
    String ip = client().add(list(true), a).podIps().getFirst();
    assertFalse(natRulesOf(a.containerId()).isEmpty());

    // a new daemon: a new client over the same cache; the network lost portmap, its IPAM
    // moved, and the pod comes back without its port mappings
    NetworkConfigList changed = list("1.0.0", bridgePlugin(tmp.resolve("other-ipam")));
    PodRuntimeConf bare = PodRuntimeConf.forPod(a.containerId(), a.netns(), "default", "a", "uid-x");
    new CniClient(this::lookup, List.of(bin, SYSTEM_BIN), new ResultCache(cacheDir)).del(changed, bare);

    assertFalse(Files.exists(ipFile(ip)));
    assertEquals(List.of(), natRulesOf(a.containerId()));
    assertTrue(bridgePorts().isEmpty(), bridgePorts().toString());
    assertTrue(new ResultCache(cacheDir).all().isEmpty());
  }

  @Test
  void check_passesThenFailsOnceTheInterfaceIsGone() {
    PodRuntimeConf a = pod("a");
    client().add(list(false), a);

    assertDoesNotThrow(() -> client().check(list(false), a));

    NetHost.run("ip", "-n", a.netns().getFileName().toString(), "link", "del", "eth0");
    CniException e = assertThrows(CniException.class, () -> client().check(list(false), a));
    assertEquals("bridge", e.plugin());
  }

  @Test
  void gc_deletesCachedAttachmentsNotKept() {
    PodRuntimeConf a = pod("a");
    PodRuntimeConf b = pod("b");
    String ipA = client().add(list(false), a).podIps().getFirst();
    String ipB = client().add(list(false), b).podIps().getFirst();

    client().gc(list(false), Set.of(new Attachment(b.containerId(), "eth0")));

    assertFalse(Files.exists(ipFile(ipA)));
    assertTrue(Files.exists(ipFile(ipB)));
    assertEquals(Set.of(new ResultCache.Key(network, b.containerId(), "eth0")), new ResultCache(cacheDir).all());
    assertEquals(1, bridgePorts().size());
  }

  @Test
  void statusAndGc_v110PluginsAskedAndOldOnesSkipped() throws IOException {
    Path ready = tmp.resolve("ready");
    Path gcInput = tmp.resolve("gc.json");
    script("coracle-v11", """
        case "$CNI_COMMAND" in
        VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}';;
        STATUS) [ -e %s ] && exit 0; echo '{"cniVersion":"1.1.0","code":50,"msg":"not ready yet"}'; exit 1;;
        GC) cat > %s;;
        esac
        exit 0
        """.formatted(ready, gcInput));
    NetworkConfigList l = list("1.1.0", bridgePlugin(ipam), portmapPlugin(), json("{'type':'coracle-v11'}"));

    CniException e = assertThrows(CniException.class, () -> client().status(l));
    assertEquals(CniException.NOT_READY, e.code());
    assertEquals("plugin coracle-v11 failed: not ready yet", e.getMessage());

    Files.writeString(ready, "");
    assertDoesNotThrow(() -> client().status(l));

    client().gc(l, Set.of(new Attachment("keep-me", "eth0")));
    JsonNode seen = JSON.readTree(gcInput.toFile());
    assertEquals(network, seen.get("name").asText());
    assertEquals("keep-me", seen.at("/cni.dev~1valid-attachments/0/containerID").asText());
    assertEquals("eth0", seen.at("/cni.dev~1valid-attachments/0/ifname").asText());
  }

  private List<String> allocatedIps() {
    Path dir = ipam.resolve(network);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(subnet + ".")).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // The killed process may take a moment to be reaped by its new parent: gone or a zombie.
  private static boolean gone(long pid) {
    for (int i = 0; i < 100; i++) {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      try {
        String s = Files.readString(stat);
        String state = s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
        if (state.equals("Z") || state.equals("X")) {
          return true;
        }
      } catch (IOException e) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static ObjectNode json(String text) {
    return ResultJsonTest.json(text);
  }
}
