package dev.coracle.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.container.ContainerConfig.Propagation;
import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.container.ContainerSpecBuilderTest.Config;
import dev.coracle.core.container.ContainerSpecBuilderTest.Fixture;
import dev.coracle.core.container.ContainerSpecBuilderTest.Security;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.oci.security.Capabilities;
import dev.coracle.core.oci.security.MaskedPaths;
import dev.coracle.core.oci.security.SeccompProfiles;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.spec.SpecWriter;
import dev.coracle.core.oci.user.ResolvedUser;
import dev.coracle.core.sys.LinuxSyscalls;
import dev.coracle.core.sys.TmpfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs built for real: a busybox root file system, the pod's namespaces pinned, a unique test
 * cgroup, and {@code runc run} in the foreground; what the process sees of itself is the check.
 */
class ContainerSpecBuilderRuncTest {

  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final List<String> APPLETS = List.of("sh", "cat", "id", "hostname", "touch", "echo");

  @TempDir
  Path dir;

  private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final String podCgroup = "coracle-spec-test-" + suffix;
  private final NamespacePinner pinner = new NamespacePinner(LinuxSyscalls.get());
  private final CgroupManager cgroups = CgroupManager.forHost(CGROUP_ROOT);
  private PinnedNamespaces pins;

  @BeforeEach
  void open() throws IOException {
    assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "runs containers: needs root");
    assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(BUSYBOX),
        "needs runc and a static busybox (apt-get install runc busybox-static)");
    Path bin = dir.resolve("rootfs/bin");
    Files.createDirectories(bin);
    Files.copy(BUSYBOX, bin.resolve("busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Path pod = Files.createDirectories(dir.resolve("pod"));
    Files.writeString(pod.resolve("hosts"), "127.0.0.1 localhost\n");
    Files.writeString(pod.resolve("hostname"), "spec-pod\n");
    Files.writeString(pod.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
    pins = pinner.pin(dir.resolve("pins"), EnumSet.allOf(NamespaceKind.class), "spec-pod");
  }

  @AfterEach
  void cleanUp() {
    if (pins != null) {
      pinner.unpin(pins);
    }
    cgroups.remove(podCgroup);
  }

  private PodContext pod() {
    Path files = dir.resolve("pod");
    return new PodContext("pod-" + suffix, "spec-pod", pins.path(NamespaceKind.NET).orElseThrow(),
        pins.path(NamespaceKind.IPC).orElseThrow(), pins.path(NamespaceKind.UTS).orElseThrow(), null, false,
        podCgroup, files.resolve("hosts"), files.resolve("hostname"), files.resolve("resolv.conf"), null, Map.of(),
        false, null);
  }

  private static ContainerSpecBuilder builder() throws IOException {
    Set<String> held = Capabilities.boundingSetOf(Files.readString(Path.of("/proc/self/status")));
    int ownScore = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).strip());
    return new ContainerSpecBuilder(new ContainerSpecBuilder.Host(Capabilities.grantable(held),
        SeccompProfiles.forHost(), ownScore, false, "", SelinuxLabel.NONE,
        Files.exists(CGROUP_ROOT.resolve("cgroup.controllers")), CgroupDriver.CGROUPFS,
        Files.exists(CGROUP_ROOT.resolve("memory/memory.memsw.limit_in_bytes")), List.of(), "node"));
  }

  /** Runs the spec with runc in the foreground; returns what the process printed. */
  private String run(String id, Spec spec) throws Exception {
    Path bundle = Files.createDirectories(dir.resolve("bundles").resolve(id));
    SpecWriter.write(bundle, spec);
    Path root = dir.resolve("runc-root");
    Path output = dir.resolve(id + ".out");
    java.lang.Process runc = new ProcessBuilder(RUNC.toString(), "--root", root.toString(), "run", "--bundle",
        bundle.toString(), id).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    try {
      if (!runc.waitFor(2, TimeUnit.MINUTES)) {
        runc.destroyForcibly();
        throw new AssertionError("runc run did not finish");
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertEquals(0, runc.exitValue(), "runc run failed: " + printed);
      return printed;
    } finally {
      new ProcessBuilder(RUNC.toString(), "--root", root.toString(), "delete", "--force", id)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(1, TimeUnit.MINUTES);
    }
  }

  private static String field(String status, String name) {
    return status.lines().filter(l -> l.startsWith(name + ":")).findFirst()
        .map(l -> l.substring(name.length() + 1).strip()).orElseThrow(() -> new AssertionError(name + " in " + status));
  }

  private static String id() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static ImageConfig.RunConfig image() {
    return new ImageConfig.RunConfig("", List.of("PATH=/bin"), List.of(), List.of("sh"), "/", null, null, null, null);
  }

  @Test
  void build_unprivilegedNonRootUser_runsWithAmbientCapsNoNewPrivsSeccompAndItsIds() throws Exception {
    Security security = Fixture.security();
    security.drop = List.of("ALL");
    security.ambient = List.of("NET_BIND_SERVICE");
    security.noNewPrivs = true;
    security.readonlyRootfs = true;
    security.seccomp = Profile.RUNTIME_DEFAULT;
    security.masked = MaskedPaths.DEFAULT_MASKED;
    security.readonly = MaskedPaths.DEFAULT_READONLY;
    Config config = Fixture.config().security(security)
        .command("sh", "-c", "cat /proc/self/status; id; hostname; touch /x 2>/dev/null || echo root-readonly");
    String id = id();
    Spec spec = builder().build(id, config.build(), image(),
        new ResolvedUser(1000, 1001, List.of(10L, 20L), null, null),
        pod(), dir.resolve("rootfs"), Map.of());

    String out = run(id, spec);
    long netBindService = 1L << Capabilities.KNOWN.indexOf("CAP_NET_BIND_SERVICE");
    assertEquals(netBindService, Long.parseLong(field(out, "CapEff"), 16), out);
    assertEquals(netBindService, Long.parseLong(field(out, "CapAmb"), 16), out);
    assertEquals(netBindService, Long.parseLong(field(out, "CapBnd"), 16), out);
    assertEquals("1", field(out, "NoNewPrivs"), out);
    assertEquals("2", field(out, "Seccomp"), out);
    assertTrue(field(out, "Uid").startsWith("1000\t1000"), out);
    assertTrue(field(out, "Gid").startsWith("1001\t1001"), out);
    assertEquals("10 20", field(out, "Groups"), out);
    assertTrue(out.contains("uid=1000 gid=1001"), out);
    assertTrue(out.lines().anyMatch(l -> l.equals("spec-pod")), "the pod's hostname: " + out);
    assertTrue(out.contains("root-readonly"), out);
    assertFalse(Files.exists(dir.resolve("rootfs/x")));
  }

  @Test
  void build_rootWithDefaults_runsWithTheDefaultCapabilitiesInItsCgroup() throws Exception {
    Security security = Fixture.security();
    security.seccomp = Profile.RUNTIME_DEFAULT;
    Config config = Fixture.config().security(security).command("sh", "-c", "cat /proc/self/status /proc/self/cgroup");
    String id = id();
    Spec spec = builder().build(id, config.build(), image(), new ResolvedUser(0, 0, List.of(), "root", "/root"),
        pod(), dir.resolve("rootfs"), Map.of());

    String out = run(id, spec);
    Set<String> effective = Capabilities.fromMask(Long.parseUnsignedLong(field(out, "CapEff"), 16));
    Set<String> expected = Set.copyOf(Capabilities.grantable(Capabilities.boundingSetOf(
        Files.readString(Path.of("/proc/self/status")))).resolve(List.of(), List.of(), false));
    assertEquals(expected, effective, out);
    assertEquals("0", field(out, "NoNewPrivs"), out);
    assertEquals("2", field(out, "Seccomp"), out);
    assertTrue(out.contains(":pids:/" + podCgroup + "/coracle-" + id.substring(0, 12)), out);
  }

  @Test
  void build_recursiveReadOnlyMount_isReadOnlyBelowToo_plainReadOnlyOnlyOnTop() throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));
    try (TmpfsMount sub = TmpfsMount.mount(volume.resolve("sub"), "size=1m")) {
      String script = "touch /v/top 2>/dev/null && echo top-writable || echo top-readonly;"
          + " touch /v/sub/below 2>/dev/null && echo below-writable || echo below-readonly";
      Config recursive = Fixture.config().command("sh", "-c", script)
          .mounts(new MountRequest("/v", volume.toString(), true, true, false, Propagation.PRIVATE, "", ""));
      String id = id();
      String out = run(id, builder().build(id, recursive.build(), image(), new ResolvedUser(0, 0, List.of(), null,
          null), pod(), dir.resolve("rootfs"), Map.of()));
      assertTrue(out.contains("top-readonly") && out.contains("below-readonly"), out);

      Config plain = Fixture.config().command("sh", "-c", script)
          .mounts(new MountRequest("/v", volume.toString(), true, false, false, Propagation.PRIVATE, "", ""));
      String plainId = id();
      String plainOut = run(plainId, builder().build(plainId, plain.build(), image(), new ResolvedUser(0, 0,
          List.of(), null, null), pod(), dir.resolve("rootfs"), Map.of()));
      assertTrue(plainOut.contains("top-readonly") && plainOut.contains("below-writable"), plainOut);
      assertTrue(Files.exists(sub.dir().resolve("below")), "the submount was written through the plain ro bind");
    }
  }
}
