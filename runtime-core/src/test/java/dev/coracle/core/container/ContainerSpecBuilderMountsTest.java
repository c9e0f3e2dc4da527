package dev.coracle.core.container;

import static dev.coracle.core.container.ContainerSpecBuilderTest.ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.container.ContainerConfig.MountRequest;
import dev.coracle.core.container.ContainerConfig.Propagation;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.container.ContainerSpecBuilderTest.Config;
import dev.coracle.core.container.ContainerSpecBuilderTest.Fixture;
import dev.coracle.core.container.ContainerSpecBuilderTest.Security;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.mounts.DefaultMounts;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.spec.Spec.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Mounts: defaults, pod files, CRI binds and image volumes, their order, options and refusals. */
class ContainerSpecBuilderMountsTest {

  private static MountRequest mount(String dst, String src, boolean ro, boolean rro, Propagation propagation) {
    return new MountRequest(dst, src, ro, rro, false, propagation, "", "");
  }

  private static List<Mount> mounts(Config config) {
    return Fixture.build(config).mounts();
  }

  private static Mount at(List<Mount> mounts, String destination) {
    List<Mount> found = mounts.stream().filter(m -> m.destination().equals(destination)).toList();
    assertEquals(1, found.size(), destination + " in " + mounts);
    return found.get(0);
  }

  private static List<String> destinations(List<Mount> mounts) {
    return mounts.stream().map(Mount::destination).toList();
  }

  @Test
  void build_noRequestedMounts_defaultsThenPodFilesByDepth() {
    List<Mount> mounts = mounts(Fixture.config());
    assertEquals(List.of("/proc", "/dev", "/sys", "/dev/pts", "/dev/mqueue", "/dev/shm", "/etc/hosts",
        "/etc/hostname", "/etc/resolv.conf", "/sys/fs/cgroup"), destinations(mounts));
    assertEquals(new Mount("/dev/shm", "bind", "/run/coracle/pods/pod-1234/shm",
        List.of("rbind", "nosuid", "noexec", "nodev")), at(mounts, "/dev/shm"));
    assertEquals(new Mount("/etc/hosts", "bind", "/run/coracle/pods/pod-1234/hosts",
        List.of("rbind", "rprivate", "rw")), at(mounts, "/etc/hosts"));
    assertTrue(at(mounts, "/sys").options().contains("ro"), "unprivileged: read-only /sys");
  }

  @Test
  void build_podFiles_readOnlyWithAReadOnlyRootfs() {
    Security security = Fixture.security();
    security.readonlyRootfs = true;
    List<Mount> mounts = mounts(Fixture.config().security(security));
    for (String file : List.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf")) {
      assertEquals(List.of("rbind", "rprivate", "ro"), at(mounts, file).options(), file);
    }
  }

  @Test
  void build_privileged_getsWritableSysAndCgroup() {
    Security security = Fixture.security();
    security.privileged = true;
    Spec spec = Fixture.builder().build(ID, Fixture.config().security(security).build(), Fixture.image(),
        Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of());
    assertTrue(at(spec.mounts(), "/sys").options().contains("rw"));
    assertTrue(at(spec.mounts(), "/sys/fs/cgroup").options().contains("rw"));
  }

  @Test
  void build_hostIpcPod_getsAPrivateShmTmpfs() {
    Spec spec = Fixture.builder().build(ID, Fixture.config().build(), Fixture.image(), Fixture.user(),
        Fixture.hostPod(), Path.of("/r"), Map.of());
    assertEquals("tmpfs", at(spec.mounts(), "/dev/shm").type());
  }

  static Stream<Arguments> bindRows() {
    return Stream.of(
        Arguments.of("rw private", false, false, Propagation.PRIVATE, List.of("rbind", "rprivate", "rw"), null),
        Arguments.of("ro private", true, false, Propagation.PRIVATE, List.of("rbind", "rprivate", "ro"), null),
        Arguments.of("recursive ro", true, true, Propagation.PRIVATE, List.of("rbind", "rprivate", "ro", "rro"), null),
        Arguments.of("host to container", false, false, Propagation.HOST_TO_CONTAINER,
            List.of("rbind", "rslave", "rw"), "rslave"),
        Arguments.of("bidirectional", false, false, Propagation.BIDIRECTIONAL, List.of("rbind", "rshared", "rw"),
            "rshared"),
        Arguments.of("ro host to container", true, false, Propagation.HOST_TO_CONTAINER,
            List.of("rbind", "rslave", "ro"), "rslave"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindRows")
  void build_bindMount_rows(String name, boolean ro, boolean rro, Propagation propagation, List<String> options,
      String rootPropagation) {
    Spec spec = Fixture.build(Fixture.config().mounts(mount("/data", "/var/lib/kubelet/pods/x/volumes/d", ro, rro,
        propagation)));
    assertEquals(new Mount("/data", "bind", "/var/lib/kubelet/pods/x/volumes/d", options), at(spec.mounts(), "/data"));
    assertEquals(rootPropagation, spec.linux().rootfsPropagation());
  }

  @Test
  void build_rootPropagation_sharedWinsOverSlaveWhateverTheOrder() {
    MountRequest slave = mount("/a", "/h/a", false, false, Propagation.HOST_TO_CONTAINER);
    MountRequest shared = mount("/b", "/h/b", false, false, Propagation.BIDIRECTIONAL);
    assertEquals("rshared", Fixture.build(Fixture.config().mounts(slave, shared)).linux().rootfsPropagation());
    assertEquals("rshared", Fixture.build(Fixture.config().mounts(shared, slave)).linux().rootfsPropagation());
  }

  @Test
  void build_recursiveReadOnlyWithoutReadOnly_isInvalid() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> mounts(Fixture.config().mounts(mount("/data", "/h", false, true, Propagation.PRIVATE))));
    assertTrue(e.getMessage().contains("/data"), e.getMessage());
  }

  @Test
  void build_recursiveReadOnlyWithPropagation_isInvalid() {
    assertThrows(InvalidArgumentException.class,
        () -> mounts(Fixture.config().mounts(mount("/data", "/h", true, true, Propagation.HOST_TO_CONTAINER))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"data", "/data/../etc", "/..", "/", "", "//"})
  void build_badDestination_isInvalid(String destination) {
    assertThrows(InvalidArgumentException.class,
        () -> mounts(Fixture.config().mounts(mount(destination, "/h", false, false, Propagation.PRIVATE))));
  }

  @Test
  void build_destination_isCleaned() {
    List<Mount> mounts = mounts(Fixture.config().mounts(mount("//data/./cache/", "/h", false, false,
        Propagation.PRIVATE)));
    at(mounts, "/data/cache");
  }

  @Test
  void build_relativeOrMissingHostPath_isInvalid() {
    assertThrows(InvalidArgumentException.class,
        () -> mounts(Fixture.config().mounts(mount("/data", "h", false, false, Propagation.PRIVATE))));
    assertThrows(InvalidArgumentException.class,
        () -> mounts(Fixture.config().mounts(mount("/data", "", false, false, Propagation.PRIVATE))));
  }

  @Test
  void build_twoMountsAtOneDestination_isInvalid() {
    assertThrows(InvalidArgumentException.class, () -> mounts(Fixture.config().mounts(
        mount("/data", "/h1", false, false, Propagation.PRIVATE), mount("/data/", "/h2", false, false,
            Propagation.PRIVATE))));
  }

  @Test
  void build_requestedMounts_sortedByDepthStableOtherwise() {
    List<Mount> mounts = mounts(Fixture.config().mounts(
        mount("/var/log/app/audit", "/h/audit", false, false, Propagation.PRIVATE),
        mount("/z", "/h/z", false, false, Propagation.PRIVATE),
        mount("/var/log", "/h/log", false, false, Propagation.PRIVATE),
        mount("/a", "/h/a", false, false, Propagation.PRIVATE),
        mount("/var/cache", "/h/cache", false, false, Propagation.PRIVATE)));
    List<String> requested = destinations(mounts).stream()
        .filter(d -> List.of("/var/log/app/audit", "/z", "/var/log", "/a", "/var/cache").contains(d)).toList();
    assertEquals(List.of("/z", "/a", "/var/log", "/var/cache", "/var/log/app/audit"), requested);
    for (int i = 1; i < mounts.size(); i++) {
      assertTrue(SpecPaths.depth(mounts.get(i - 1).destination()) <= SpecPaths.depth(mounts.get(i).destination()),
          "parents first: " + destinations(mounts));
    }
  }

  @Test
  void build_requestedMountAtAPodFileOrDefault_replacesIt() {
    List<Mount> mounts = mounts(Fixture.config().mounts(
        mount("/etc/hosts", "/kubelet/etc-hosts", false, false, Propagation.PRIVATE),
        mount("/dev/shm", "/h/shm", false, false, Propagation.PRIVATE)));
    assertEquals("/kubelet/etc-hosts", at(mounts, "/etc/hosts").source());
    assertEquals("/h/shm", at(mounts, "/dev/shm").source());
  }

  @Test
  void build_requestedDev_replacesEveryDefaultUnderDev() {
    List<Mount> mounts = mounts(Fixture.config().mounts(mount("/dev", "/dev", false, false, Propagation.PRIVATE)));
    assertEquals("/dev", at(mounts, "/dev").source());
    assertTrue(destinations(mounts).stream().noneMatch(d -> d.startsWith("/dev/")), destinations(mounts).toString());
    assertTrue(destinations(mounts).contains("/proc"));
  }

  @Test
  void build_imageVolume_usesThePreparedPathReadOnly() {
    MountRequest volume = new MountRequest("/models", "", false, false, false, Propagation.BIDIRECTIONAL,
        "registry.example/models:1", "v2");
    Spec spec = Fixture.builder().build(ID, Fixture.config().mounts(volume).build(), Fixture.image(), Fixture.user(),
        Fixture.pod(), Path.of("/r"), Map.of("/models", Path.of("/var/lib/coracle/volumes/abc/v2")));
    assertEquals(new Mount("/models", "bind", "/var/lib/coracle/volumes/abc/v2", List.of("rbind", "rprivate", "ro")),
        at(spec.mounts(), "/models"));
    assertNull(spec.linux().rootfsPropagation(), "an image volume never propagates");
  }

  @Test
  void build_imageVolumeNotPrepared_isACallerBug() {
    MountRequest volume = new MountRequest("/models", "", true, false, false, null, "registry.example/models:1", "");
    assertThrows(InternalException.class, () -> mounts(Fixture.config().mounts(volume)));
  }

  @Test
  void build_selinuxRelabel_addsZOnlyWhereSelinuxIsOn() {
    MountRequest relabel = new MountRequest("/data", "/h", false, false, true, Propagation.PRIVATE, "", "");
    assertEquals(List.of("rbind", "rprivate", "rw"), at(mounts(Fixture.config().mounts(relabel)), "/data").options());
    ContainerSpecBuilder.Host base = Fixture.host();
    ContainerSpecBuilder.Host selinux = new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(), null, false,
        "", new SelinuxLabel("system_u", "system_r", "container_t", "s0"), false, CgroupDriver.CGROUPFS, true,
        List.of(), "n");
    Spec spec = new ContainerSpecBuilder(selinux).build(ID, Fixture.config().mounts(relabel,
        mount("/plain", "/p", false, false, Propagation.PRIVATE)).build(), Fixture.image(), Fixture.user(),
        Fixture.pod(), Path.of("/r"), Map.of());
    assertEquals(List.of("rbind", "rprivate", "rw", "z"), at(spec.mounts(), "/data").options());
    assertEquals(List.of("rbind", "rprivate", "rw"), at(spec.mounts(), "/plain").options());
    assertEquals(List.of("rbind", "rprivate", "rw", "z"), at(spec.mounts(), "/etc/hosts").options(),
        "the pod's files are relabelled, as containerd does");
  }

  @Test
  void build_defaultMounts_comeFromDefaultMounts() {
    List<Mount> mounts = mounts(Fixture.config());
    for (Mount mount : DefaultMounts.linux(false, "/run/coracle/pods/pod-1234/shm")) {
      assertEquals(mount, at(mounts, mount.destination()));
    }
  }
}
