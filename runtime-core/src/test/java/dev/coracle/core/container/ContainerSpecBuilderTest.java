package dev.coracle.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.container.ContainerConfig.DeviceRequest;
import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.container.ContainerSecurity.NamespaceModes;
import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.oci.security.Arch;
import dev.coracle.core.oci.security.Capabilities;
import dev.coracle.core.oci.security.KernelVersion;
import dev.coracle.core.oci.security.SeccompProfiles;
import dev.coracle.core.oci.spec.Process;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.spec.SpecWriter;
import dev.coracle.core.oci.user.ResolvedUser;
import dev.coracle.core.oci.user.SupplementalGroupsPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec as a whole: root, hostname, annotations, the privileged-pod rule, and the JSON written. */
class ContainerSpecBuilderTest {

  static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  /** Inputs for the builder's tests, each a small value the test changes one field of. */
  static final class Fixture {

    static final SeccompProfiles SECCOMP = new SeccompProfiles(Arch.X86_64, new KernelVersion(6, 1));

    static ContainerSpecBuilder.Host host() {
      return new ContainerSpecBuilder.Host(Capabilities.allKnown(), SECCOMP, null, false, "coracle-default",
          SelinuxLabel.NONE, false, CgroupDriver.CGROUPFS, true, List.of(), "node-1");
    }

    static ContainerSpecBuilder builder() {
      return new ContainerSpecBuilder(host());
    }

    static PodContext pod() {
      return new PodContext("pod-1234", "web-0", Path.of("/run/coracle/pods/pod-1234/ns/net"),
          Path.of("/run/coracle/pods/pod-1234/ns/ipc"), Path.of("/run/coracle/pods/pod-1234/ns/uts"), 4242L,
          false, "kubepods/coracle-pod-1234", Path.of("/run/coracle/pods/pod-1234/hosts"),
          Path.of("/run/coracle/pods/pod-1234/hostname"), Path.of("/run/coracle/pods/pod-1234/resolv.conf"),
          Path.of("/run/coracle/pods/pod-1234/shm"), Map.of(), false, null);
    }

    /** A host-network, host-IPC pod: no pinned namespaces, no pod /dev/shm. */
    static PodContext hostPod() {
      PodContext p = pod();
      return new PodContext(p.sandboxId(), "", null, null, null, p.infraPid(), false, p.cgroupParent(),
          p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), null, Map.of(), false, null);
    }

    static PodContext privilegedPod() {
      PodContext p = pod();
      return new PodContext(p.sandboxId(), p.hostname(), p.netNs(), p.ipcNs(), p.utsNs(), p.infraPid(), p.hostPid(),
          p.cgroupParent(), p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), p.shmDir(), p.sysctls(), true, null);
    }

    static ImageConfig.RunConfig image(List<String> entrypoint, List<String> cmd) {
      return new ImageConfig.RunConfig("", List.of("PATH=/usr/bin:/bin", "LANG=C.UTF-8"), entrypoint, cmd, "/srv",
          null, null, null, null);
    }

    static ImageConfig.RunConfig image() {
      return image(List.of("/bin/server"), List.of("--port", "80"));
    }

    static ResolvedUser user() {
      return new ResolvedUser(1000, 1000, List.of(10L, 20L), "app", "/home/app");
    }

    static Config config() {
      return new Config();
    }

    static Security security() {
      return new Security();
    }

    static Spec build(Config config) {
      return builder().build(ID, config.build(), image(), user(), pod(), Path.of("/var/lib/coracle/c/rootfs"),
          Map.of());
    }
  }

  /** A ContainerConfig with every field defaulted, changed one field at a time. */
  static final class Config {
    List<String> command = List.of();
    List<String> args = List.of();
    String workingDir = "";
    List<String> env = List.of();
    List<MountRequest> mounts = List.of();
    List<DeviceRequest> devices = List.of();
    Map<String, String> annotations = Map.of();
    boolean tty;
    CgroupLimits resources = CgroupLimits.NONE;
    Integer oomScoreAdj;
    ContainerSecurity security = ContainerSecurity.DEFAULT;
    String stopSignal = "";

    Config command(String... value) {
      command = List.of(value);
      return this;
    }

    Config args(String... value) {
      args = List.of(value);
      return this;
    }

    Config env(String... value) {
      env = List.of(value);
      return this;
    }

    Config mounts(MountRequest... value) {
      mounts = List.of(value);
      return this;
    }

    Config security(Security value) {
      security = value.build();
      return this;
    }

    ContainerConfig build() {
      return new ContainerConfig("app", 0, "registry.example/app:1", command, args, workingDir, env, mounts, devices,
          Map.of(), annotations, "app/0.log", false, false, tty, resources, oomScoreAdj, security, stopSignal);
    }
  }

  /** A ContainerSecurity with every field defaulted. */
  static final class Security {
    boolean privileged;
    List<String> add = List.of();
    List<String> drop = List.of();
    List<String> ambient = List.of();
    boolean readonlyRootfs;
    boolean noNewPrivs;
    List<String> masked = List.of();
    List<String> readonly = List.of();
    Profile seccomp = Profile.UNCONFINED;
    Profile apparmor = Profile.UNCONFINED;
    SelinuxLabel selinux = SelinuxLabel.NONE;
    NamespaceModes namespaces = NamespaceModes.POD;

    ContainerSecurity build() {
      return new ContainerSecurity(privileged, add, drop, ambient, null, null, "", List.of(),
          SupplementalGroupsPolicy.MERGE, readonlyRootfs, noNewPrivs, masked, readonly, seccomp, apparmor, selinux,
          namespaces);
    }
  }

  @Test
  void build_root_isTheRootfsReadOnlyAsAsked() {
    Spec spec = Fixture.build(Fixture.config());
    assertEquals(new Spec.Root("/var/lib/coracle/c/rootfs", false), spec.root());
    Security ro = Fixture.security();
    ro.readonlyRootfs = true;
    assertEquals(true, Fixture.build(Fixture.config().security(ro)).root().readonly());
  }

  @Test
  void build_relativeRootfs_isACallerBug() {
    assertThrows(InternalException.class, () -> Fixture.builder().build(ID, Fixture.config().build(),
        Fixture.image(), Fixture.user(), Fixture.pod(), Path.of("rootfs"), Map.of()));
  }

  @Test
  void build_hostname_isThePodsUnlessItUsesTheHostsUtsNamespace() {
    assertEquals("web-0", Fixture.build(Fixture.config()).hostname());
    Spec onHost = Fixture.builder().build(ID, Fixture.config().build(), Fixture.image(), Fixture.user(),
        Fixture.hostPod(), Path.of("/r"), Map.of());
    assertNull(onHost.hostname());
  }

  @Test
  void build_annotations_areTheRequestsPlusTheRuntimesWhichWin() {
    Config config = Fixture.config();
    config.annotations = Map.of("team", "a", ContainerSpecBuilder.SANDBOX_ID, "spoofed");
    Map<String, String> annotations = Fixture.build(config).annotations();
    assertEquals(Map.of("team", "a",
        "io.kubernetes.cri.container-type", "container",
        "io.kubernetes.cri.sandbox-id", "pod-1234",
        "io.kubernetes.cri.container-name", "app",
        "io.kubernetes.cri.image-name", "registry.example/app:1"), annotations);
  }

  @Test
  void build_privilegedContainerInUnprivilegedPod_isRefused() {
    Security privileged = Fixture.security();
    privileged.privileged = true;
    ContainerConfig config = Fixture.config().security(privileged).build();
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Fixture.builder().build(ID,
        config, Fixture.image(), Fixture.user(), Fixture.pod(), Path.of("/r"), Map.of()));
    assertTrue(e.getMessage().contains("privileged pod"), e.getMessage());
    Fixture.builder().build(ID, config, Fixture.image(), Fixture.user(), Fixture.privilegedPod(), Path.of("/r"),
        Map.of());
  }

  @Test
  void build_podSysctls_goToTheSpec() {
    PodContext p = Fixture.pod();
    PodContext withSysctls = new PodContext(p.sandboxId(), p.hostname(), p.netNs(), p.ipcNs(), p.utsNs(),
        p.infraPid(), false, p.cgroupParent(), p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), p.shmDir(),
        Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "65536"), false, null);
    Spec spec = Fixture.builder().build(ID, Fixture.config().build(), Fixture.image(), Fixture.user(), withSysctls,
        Path.of("/r"), Map.of());
    assertEquals(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "65536"), spec.linux().sysctl());
    assertNull(Fixture.build(Fixture.config()).linux().sysctl());
  }

  @Test
  void build_writtenAsJson_usesTheOciFieldNamesAndReadsBackEqual(@TempDir Path bundle) throws Exception {
    Security security = Fixture.security();
    security.noNewPrivs = true;
    security.seccomp = Profile.RUNTIME_DEFAULT;
    security.masked = List.of("/proc/kcore");
    security.readonly = List.of("/proc/sys");
    security.namespaces = new NamespaceModes(NamespaceModes.Mode.POD, NamespaceModes.Mode.POD,
        NamespaceModes.Mode.POD, "");
    Config config = Fixture.config().security(security);
    config.oomScoreAdj = 500;
    config.resources = new CgroupLimits(512L, 50_000L, 100_000L, "0-1", "0", 64L << 20, 100L, Map.of("2MB", 0L),
        Map.of());
    Spec spec = Fixture.build(config);

    Path file = SpecWriter.write(bundle, spec);
    JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(file));
    assertEquals("1.1.0", json.get("ociVersion").asText());
    JsonNode process = json.get("process");
    assertEquals(500, process.get("oomScoreAdj").asInt());
    assertTrue(process.get("noNewPrivileges").asBoolean());
    assertEquals(1000, process.get("user").get("uid").asInt());
    assertEquals(18, process.get("user").get("umask").asInt(), "0022");
    assertEquals(List.of(10, 20), ints(process.get("user").get("additionalGids")));
    assertTrue(process.get("capabilities").has("bounding"));
    assertTrue(process.get("capabilities").has("ambient"));
    assertEquals("/var/lib/coracle/c/rootfs", json.get("root").get("path").asText());
    JsonNode linux = json.get("linux");
    assertEquals("/kubepods/coracle-pod-1234/coracle-0123456789ab", linux.get("cgroupsPath").asText());
    assertEquals("SCMP_ACT_ERRNO", linux.get("seccomp").get("defaultAction").asText());
    assertEquals("/proc/kcore", linux.get("maskedPaths").get(0).asText());
    assertEquals("/proc/sys", linux.get("readonlyPaths").get(0).asText());
    assertEquals("pid", linux.get("namespaces").get(1).get("type").asText());
    assertEquals("/proc/4242/ns/pid", linux.get("namespaces").get(1).get("path").asText());
    JsonNode resources = linux.get("resources");
    assertEquals(64L << 20, resources.get("memory").get("limit").asLong());
    assertEquals(64L << 20, resources.get("memory").get("swap").asLong());
    assertEquals(512, resources.get("cpu").get("shares").asInt());
    assertEquals(100_000, resources.get("cpu").get("period").asInt());
    assertEquals("0-1", resources.get("cpu").get("cpus").asText());
    assertEquals(100, resources.get("pids").get("limit").asInt());
    assertEquals("2MB", resources.get("hugepageLimits").get(0).get("pageSize").asText());
    assertFalse(resources.get("devices").get(0).get("allow").asBoolean());
    assertEquals("rwm", resources.get("devices").get(0).get("access").asText());
    assertTrue(json.get("mounts").get(0).has("destination"));
    assertTrue(json.get("annotations").has("io.kubernetes.cri.sandbox-id"));

    assertEquals(spec, SpecWriter.read(bundle));
  }

  @Test
  void build_rlimits_areNoneUnlessConfigured() {
    assertNull(Fixture.build(Fixture.config()).process().rlimits());
    ContainerSpecBuilder.Host base = Fixture.host();
    List<Process.Rlimit> nofile = List.of(new Process.Rlimit("RLIMIT_NOFILE", 1048576, 1048576));
    ContainerSpecBuilder.Host withLimits = new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(),
        base.oomScoreFloor(), false, "", base.selinuxDefault(), false, base.cgroupDriver(), true, nofile, "n");
    Spec spec = new ContainerSpecBuilder(withLimits).build(ID, Fixture.config().build(), Fixture.image(),
        Fixture.user(), Fixture.pod(), Path.of("/r"), Map.of());
    assertEquals(nofile, spec.process().rlimits());
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asInt()));
    return values;
  }
}
