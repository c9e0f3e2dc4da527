package dev.coracle.core.container;

import static dev.coracle.core.container.ContainerSpecBuilderTest.ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.container.ContainerSpecBuilderTest.Config;
import dev.coracle.core.container.ContainerSpecBuilderTest.Fixture;
import dev.coracle.core.container.ContainerSpecBuilderTest.Security;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.oci.security.Capabilities;
import dev.coracle.core.oci.security.MaskedPaths;
import dev.coracle.core.oci.spec.Process;
import dev.coracle.core.oci.spec.Seccomp;
import dev.coracle.core.oci.spec.Spec;
import dev.coracle.core.oci.user.ResolvedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The process: command line, environment, directory, user, capabilities and confinement. */
class ContainerSpecBuilderProcessTest {

  private static Process process(Config config) {
    return Fixture.build(config).process();
  }

  private static Process process(ContainerSpecBuilder.Host host, Config config) {
    return new ContainerSpecBuilder(host).build(ID, config.build(), Fixture.image(), Fixture.user(), Fixture.pod(),
        Path.of("/r"), Map.of()).process();
  }

  private static Process processWith(ImageConfig.RunConfig image, Config config) {
    return Fixture.builder().build(ID, config.build(), image, Fixture.user(), Fixture.pod(), Path.of("/r"), Map.of())
        .process();
  }

  static Stream<Arguments> argsRows() {
    List<String> ep = List.of("/bin/server");
    List<String> cmd = List.of("--port", "80");
    List<String> none = List.of();
    return Stream.of(
        Arguments.of("nothing asked: entrypoint + cmd", ep, cmd, none, none, List.of("/bin/server", "--port", "80")),
        Arguments.of("args replace cmd", ep, cmd, none, List.of("-v"), List.of("/bin/server", "-v")),
        Arguments.of("command replaces entrypoint and drops cmd", ep, cmd, List.of("/bin/sh"), none,
            List.of("/bin/sh")),
        Arguments.of("command and args replace both", ep, cmd, List.of("/bin/sh"), List.of("-c", "true"),
            List.of("/bin/sh", "-c", "true")),
        Arguments.of("image with cmd only", none, List.of("sh"), none, none, List.of("sh")),
        Arguments.of("image with cmd only, args replace it", none, List.of("sh"), none, List.of("top"),
            List.of("top")),
        Arguments.of("image with entrypoint only", ep, none, none, none, List.of("/bin/server")),
        Arguments.of("entrypoint [\"\"] is none", List.of(""), cmd, none, none, List.of("--port", "80")),
        Arguments.of("bare image, command given", none, none, List.of("/bin/true"), none, List.of("/bin/true")),
        Arguments.of("bare image, args given", none, none, none, List.of("/bin/true"), List.of("/bin/true")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("argsRows")
  void build_args_rows(String name, List<String> entrypoint, List<String> cmd, List<String> command,
      List<String> args, List<String> expected) {
    Config config = Fixture.config();
    config.command = command;
    config.args = args;
    assertEquals(expected, processWith(Fixture.image(entrypoint, cmd), config).args());
  }

  @Test
  void build_noCommandAnywhere_isInvalid() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> processWith(Fixture.image(List.of(), List.of()), Fixture.config()));
    assertTrue(e.getMessage().startsWith("no command specified"), e.getMessage());
    assertThrows(InvalidArgumentException.class,
        () -> processWith(Fixture.image(List.of(""), List.of()), Fixture.config()));
  }

  @Test
  void build_env_defaultPathHostnameImageThenRequestReplacingInPlace() {
    Process process = process(Fixture.config().env("LANG=de_DE.UTF-8", "MODE=prod", "PATH=/opt/bin"));
    assertEquals(List.of("PATH=/opt/bin", "HOSTNAME=web-0", "LANG=de_DE.UTF-8", "MODE=prod", "HOME=/home/app"),
        process.env());
  }

  @Test
  void build_env_defaultPathWhenNoneSetAndHomeFromTheRequestKept() {
    ImageConfig.RunConfig bare = new ImageConfig.RunConfig("", List.of(), List.of("/x"), List.of(), "", null, null,
        null, null);
    Process process = processWith(bare, Fixture.config().env("HOME=/data"));
    assertEquals(List.of(SpecProcess.DEFAULT_PATH, "HOSTNAME=web-0", "HOME=/data"), process.env());
  }

  @Test
  void build_env_hostNetworkPodGetsTheNodesHostname() {
    Spec spec = Fixture.builder().build(ID, Fixture.config().build(), Fixture.image(), Fixture.user(),
        Fixture.hostPod(), Path.of("/r"), Map.of());
    assertTrue(spec.process().env().contains("HOSTNAME=node-1"), spec.process().env().toString());
  }

  @Test
  void build_env_withoutName_isInvalid() {
    assertThrows(InvalidArgumentException.class, () -> process(Fixture.config().env("=x")));
  }

  @Test
  void build_cwd_requestThenImageThenRoot() {
    Config config = Fixture.config();
    assertEquals("/srv", process(config).cwd());
    config.workingDir = "/work";
    assertEquals("/work", process(config).cwd());
    ImageConfig.RunConfig bare = new ImageConfig.RunConfig("", List.of(), List.of("/x"), List.of(), "", null, null,
        null, null);
    assertEquals("/", processWith(bare, Fixture.config()).cwd());
    config.workingDir = "work";
    assertThrows(InvalidArgumentException.class, () -> process(config));
  }

  @Test
  void build_terminal_isTty() {
    Config config = Fixture.config();
    assertEquals(false, process(config).terminal());
    config.tty = true;
    assertEquals(true, process(config).terminal());
  }

  @Test
  void build_user_isTheResolvedOneWithUmask0022() {
    ResolvedUser user = new ResolvedUser(33, 44, List.of(5L, 6L), null, null);
    Process process = Fixture.builder().build(ID, Fixture.config().build(), Fixture.image(), user, Fixture.pod(),
        Path.of("/r"), Map.of()).process();
    assertEquals(new Process.User(33, 44, 0022, List.of(5L, 6L)), process.user());
    assertTrue(process.env().stream().noneMatch(e -> e.startsWith("HOME=")), "no home: runc's default");
  }

  static Stream<Arguments> capabilityRows() {
    return Stream.of(
        Arguments.of("defaults", false, List.of(), List.of(), List.of(), Capabilities.DEFAULT, List.of()),
        Arguments.of("drop ALL add one", false, List.of("NET_BIND_SERVICE"), List.of("ALL"), List.of(),
            List.of("CAP_NET_BIND_SERVICE"), List.of()),
        Arguments.of("add ALL", false, List.of("ALL"), List.of(), List.of(), Capabilities.KNOWN, List.of()),
        Arguments.of("privileged: all grantable", true, List.of(), List.of("ALL"), List.of(), Capabilities.KNOWN,
            List.of()),
        Arguments.of("ambient joins every set", false, List.of(), List.of("ALL"), List.of("NET_BIND_SERVICE"),
            List.of("CAP_NET_BIND_SERVICE"), List.of("CAP_NET_BIND_SERVICE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capabilityRows")
  void build_capabilities_rows(String name, boolean privileged, List<String> add, List<String> drop,
      List<String> ambient, List<String> expected, List<String> expectedAmbient) {
    Security security = Fixture.security();
    security.privileged = privileged;
    security.add = add;
    security.drop = drop;
    security.ambient = ambient;
    Process process = Fixture.builder().build(ID, Fixture.config().security(security).build(), Fixture.image(),
        Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of()).process();
    assertEquals(new Process.Capabilities(expected, expected, expectedAmbient, expected, expectedAmbient),
        process.capabilities());
  }

  @Test
  void build_capabilities_notGrantableByThisRuntime_isAPrecondition() {
    ContainerSpecBuilder.Host base = Fixture.host();
    Set<String> held = new java.util.HashSet<>(Capabilities.KNOWN);
    held.remove("CAP_SYS_RESOURCE");
    ContainerSpecBuilder.Host host = new ContainerSpecBuilder.Host(Capabilities.grantable(held), base.seccomp(), null,
        false, "", SelinuxLabel.NONE, false, CgroupDriver.CGROUPFS, true, List.of(), "n");
    Security security = Fixture.security();
    security.add = List.of("SYS_RESOURCE");
    assertThrows(FailedPreconditionException.class, () -> process(host, Fixture.config().security(security)));
    security.add = List.of("ALL");
    assertTrue(!process(host, Fixture.config().security(security)).capabilities().bounding()
        .contains("CAP_SYS_RESOURCE"));
  }

  @Test
  void build_noNewPrivileges_isTheRequestsEvenWhenPrivileged() {
    Security security = Fixture.security();
    assertEquals(false, process(Fixture.config().security(security)).noNewPrivileges());
    security.noNewPrivs = true;
    assertEquals(true, process(Fixture.config().security(security)).noNewPrivileges());
    security.privileged = true;
    Spec spec = Fixture.builder().build(ID, Fixture.config().security(security).build(), Fixture.image(),
        Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of());
    assertEquals(true, spec.process().noNewPrivileges());
  }

  @Test
  void build_oomScoreAdj_clampedToTheFloorWhenOneIsSet() {
    Config config = Fixture.config();
    assertNull(process(config).oomScoreAdj(), "nothing asked: inherited");
    config.oomScoreAdj = -997;
    assertEquals(-997, process(config).oomScoreAdj(), "no floor: as asked");
    ContainerSpecBuilder.Host base = Fixture.host();
    ContainerSpecBuilder.Host restricted = new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(), -500,
        false, "", SelinuxLabel.NONE, false, CgroupDriver.CGROUPFS, true, List.of(), "n");
    assertEquals(-500, process(restricted, config).oomScoreAdj());
    config.oomScoreAdj = 1000;
    assertEquals(1000, process(restricted, config).oomScoreAdj(), "above the floor: as asked");
  }

  private static ContainerSpecBuilder.Host appArmorHost() {
    ContainerSpecBuilder.Host base = Fixture.host();
    return new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(), null, true, "coracle-default",
        SelinuxLabel.NONE, false, CgroupDriver.CGROUPFS, true, List.of(), "n");
  }

  @Test
  void build_appArmor_withAppArmor() {
    Security security = Fixture.security();
    assertNull(process(appArmorHost(), Fixture.config().security(security)).apparmorProfile(), "unconfined");
    security.apparmor = Profile.RUNTIME_DEFAULT;
    assertEquals("coracle-default", process(appArmorHost(), Fixture.config().security(security)).apparmorProfile());
    security.apparmor = new Profile(Profile.Kind.LOCALHOST, "k8s-nginx");
    assertEquals("k8s-nginx", process(appArmorHost(), Fixture.config().security(security)).apparmorProfile());
    security.apparmor = new Profile(Profile.Kind.LOCALHOST, "localhost/k8s-nginx");
    assertEquals("k8s-nginx", process(appArmorHost(), Fixture.config().security(security)).apparmorProfile());
    security.apparmor = new Profile(Profile.Kind.LOCALHOST, "");
    assertThrows(InvalidArgumentException.class, () -> process(appArmorHost(), Fixture.config().security(security)));
  }

  @Test
  void build_appArmor_privilegedGetsNoDefaultProfile() {
    Security security = Fixture.security();
    security.privileged = true;
    security.apparmor = Profile.RUNTIME_DEFAULT;
    Spec spec = new ContainerSpecBuilder(appArmorHost()).build(ID, Fixture.config().security(security).build(),
        Fixture.image(), Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of());
    assertNull(spec.process().apparmorProfile());
  }

  @Test
  void build_appArmor_withoutAppArmorOnTheHost() {
    Security security = Fixture.security();
    security.apparmor = Profile.RUNTIME_DEFAULT;
    assertNull(process(Fixture.config().security(security)).apparmorProfile());
    security.apparmor = new Profile(Profile.Kind.LOCALHOST, "k8s-nginx");
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> process(Fixture.config().security(security)));
    assertTrue(e.getMessage().contains("k8s-nginx"), e.getMessage());
  }

  @Test
  void build_selinuxLabel_filledFromThePolicyDefaultOnlyWhereSelinuxIsOn() {
    Security security = Fixture.security();
    security.selinux = new SelinuxLabel("", "", "", "s0:c1,c2");
    assertNull(process(Fixture.config().security(security)).selinuxLabel(), "SELinux off");
    ContainerSpecBuilder.Host base = Fixture.host();
    ContainerSpecBuilder.Host selinux = new ContainerSpecBuilder.Host(base.capabilities(), base.seccomp(), null, false,
        "", new SelinuxLabel("system_u", "system_r", "container_t", "s0"), false, CgroupDriver.CGROUPFS, true,
        List.of(), "n");
    assertEquals("system_u:system_r:container_t:s0:c1,c2",
        process(selinux, Fixture.config().security(security)).selinuxLabel());
    security.selinux = SelinuxLabel.NONE;
    assertNull(process(selinux, Fixture.config().security(security)).selinuxLabel(), "none asked");
  }

  @Test
  void build_seccomp_unconfinedIsNone() {
    assertNull(Fixture.build(Fixture.config()).linux().seccomp());
  }

  @Test
  void build_seccomp_runtimeDefaultFollowsTheBoundingSet() {
    Security security = Fixture.security();
    security.seccomp = Profile.RUNTIME_DEFAULT;
    Seccomp plain = Fixture.build(Fixture.config().security(security)).linux().seccomp();
    assertEquals(Fixture.SECCOMP.runtimeDefault(Set.copyOf(Capabilities.DEFAULT)), plain);
    security.add = List.of("SYS_ADMIN");
    Seccomp admin = Fixture.build(Fixture.config().security(security)).linux().seccomp();
    assertTrue(allowed(admin).contains("mount") && !allowed(plain).contains("mount"),
        "CAP_SYS_ADMIN opens mount(2)");
  }

  @Test
  void build_seccomp_privilegedIsNone() {
    Security security = Fixture.security();
    security.privileged = true;
    security.seccomp = Profile.RUNTIME_DEFAULT;
    Spec spec = Fixture.builder().build(ID, Fixture.config().security(security).build(), Fixture.image(),
        Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of());
    assertNull(spec.linux().seccomp());
  }

  @Test
  void build_seccomp_localhostReadsTheFile(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("audit.json");
    Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_LOG\"}");
    Security security = Fixture.security();
    security.seccomp = new Profile(Profile.Kind.LOCALHOST, profile.toString());
    assertEquals("SCMP_ACT_LOG", Fixture.build(Fixture.config().security(security)).linux().seccomp().defaultAction());
    security.seccomp = new Profile(Profile.Kind.LOCALHOST, "localhost/" + profile);
    assertEquals("SCMP_ACT_LOG", Fixture.build(Fixture.config().security(security)).linux().seccomp().defaultAction());
    security.seccomp = new Profile(Profile.Kind.LOCALHOST, dir.resolve("missing.json").toString());
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> Fixture.build(Fixture.config().security(security)));
    assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
  }

  @Test
  void build_maskedPaths_asKubeletSendsThemNoneWhenPrivileged() {
    Security security = Fixture.security();
    security.masked = MaskedPaths.DEFAULT_MASKED;
    security.readonly = MaskedPaths.DEFAULT_READONLY;
    Spec spec = Fixture.build(Fixture.config().security(security));
    assertEquals(MaskedPaths.DEFAULT_MASKED, spec.linux().maskedPaths());
    assertEquals(MaskedPaths.DEFAULT_READONLY, spec.linux().readonlyPaths());
    security.masked = List.of();
    security.readonly = List.of();
    assertEquals(List.of(), Fixture.build(Fixture.config().security(security)).linux().maskedPaths(),
        "procMount Unmasked");
    security.masked = MaskedPaths.DEFAULT_MASKED;
    security.privileged = true;
    Spec privileged = Fixture.builder().build(ID, Fixture.config().security(security).build(), Fixture.image(),
        Fixture.user(), Fixture.privilegedPod(), Path.of("/r"), Map.of());
    assertEquals(List.of(), privileged.linux().maskedPaths());
  }

  private static List<String> allowed(Seccomp seccomp) {
    return seccomp.syscalls().stream().filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args() == null)
        .flatMap(s -> s.names().stream()).toList();
  }
}
