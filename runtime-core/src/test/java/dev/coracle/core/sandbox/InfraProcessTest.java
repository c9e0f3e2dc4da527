package dev.coracle.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.cgroups.CgroupLimits;
import dev.coracle.core.cgroups.CgroupManager;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.core.monitor.Conmon;
import dev.coracle.core.monitor.ConmonCgroup;
import dev.coracle.core.monitor.CreatedContainer;
import dev.coracle.core.namespace.NamespaceKind;
import dev.coracle.core.namespace.NamespacePinner;
import dev.coracle.core.namespace.PinnedNamespaces;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import dev.coracle.core.sys.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod's infra process for real: pinned namespaces, a pod cgroup, catatonit through conmon and
 * runc, stop and removal, and a failed start that leaves nothing behind.
 */
class InfraProcessTest {

  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path CONMON = Path.of("/usr/bin/conmon");
  private static final Path CATATONIT = Path.of("/usr/bin/catatonit");

  @TempDir
  Path dir;

  private final String parentCgroup = "coracle-infra-" + ProcessHandle.current().pid();
  private final CgroupManager cgroups = CgroupManager.forHost(Path.of("/sys/fs/cgroup"));
  private final NamespacePinner pinner = new NamespacePinner(LinuxSyscalls.get());
  private OciRuntime runtime;
  private InfraProcess infra;

  @BeforeEach
  void open() {
    assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(CONMON) && Files.isExecutable(CATATONIT),
        "needs runc, conmon and catatonit (apt-get install runc conmon catatonit)");
    OciRuntimeSettings settings = OciRuntimeSettings.runc(RUNC, dir.resolve("runc"));
    SystemProcessRunner runner = new SystemProcessRunner();
    runtime = new OciRuntime(settings, runner);
    infra = new InfraProcess(new Conmon(CONMON, runner, ConmonCgroup.NONE, Duration.ofSeconds(30)), runtime,
        settings, CATATONIT);
  }

  @AfterEach
  void cleanUp() {
    if (runtime != null) {
      runtime.list().forEach(c -> runtime.delete(c.id(), true));
    }
    cgroups.remove(parentCgroup);
  }

  private InfraProcess.Paths paths(String id) {
    return new InfraProcess.Paths(dir.resolve("bundles/" + id), dir.resolve("logs/" + id + ".log"),
        dir.resolve("exits"), dir.resolve("persist/" + id), dir.resolve("sockets"));
  }

  private static long nsInode(long pid, String ns) throws Exception {
    String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
    return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
  }

  @Test
  void start_runsCatatonitInThePodsNamespacesAndCgroup_stopAndRemoveLeaveNothing() throws Exception {
    String id = "coracle-test-infra-" + Long.toHexString(System.nanoTime());
    String podCgroup = parentCgroup + "/pod-a";
    PinnedNamespaces pins = pinner.pin(dir.resolve("pins"), EnumSet.allOf(NamespaceKind.class), "pod-a");
    try (CleanupStack undo = new CleanupStack("test pod")) {
      undo.push("unpin", () -> pinner.unpin(pins));
      cgroups.create(podCgroup);
      cgroups.apply(podCgroup, new CgroupLimits(null, null, null, null, null, 64L << 20, 32L, Map.of(), Map.of()));
      CreatedContainer created = infra.start(id, paths(id), pins, false, "/" + podCgroup);
      assertTrue(infra.isRunning(id));
      long pid = created.pid();
      for (NamespaceKind kind : NamespaceKind.values()) {
        long pinned = (Long) Files.getAttribute(pins.path(kind).orElseThrow(), "unix:ino", LinkOption.NOFOLLOW_LINKS);
        assertEquals(pinned, nsInode(pid, kind.file()), kind + " joined from the pin");
      }
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      assertTrue(status.lines().anyMatch(l -> l.startsWith("NSpid:") && l.endsWith("\t1")), "pid 1 of the pod: " + status);
      assertTrue(Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains(":pids:/" + podCgroup));
      assertEquals(java.util.List.of((int) pid), cgroups.pids(podCgroup));
      assertEquals("catatonit", Files.readString(Path.of("/proc/" + pid + "/comm")).strip());

      infra.stop(id, Duration.ofSeconds(5));
      assertFalse(infra.isRunning(id));
      infra.stop(id, Duration.ofSeconds(5)); // stopping a stopped one is fine
      infra.remove(id, paths(id));
      assertTrue(runtime.state(id).isEmpty());
      infra.remove(id, paths(id));
    }
    cgroups.remove(parentCgroup); // no process left in it
    for (String hierarchy : new String[] {"pids", "memory", "cpu", "systemd", "unified"}) {
      assertFalse(Files.exists(Path.of("/sys/fs/cgroup", hierarchy, parentCgroup)), hierarchy + " cgroup left behind");
    }
    assertFalse(Files.exists(pins.path(NamespaceKind.NET).orElseThrow()));
  }

  @Test
  void start_failing_leavesNoContainer() {
    String id = "coracle-test-infra-bad-" + Long.toHexString(System.nanoTime());
    InfraProcess broken = new InfraProcess(new Conmon(CONMON, new SystemProcessRunner(), ConmonCgroup.NONE,
        Duration.ofSeconds(30)), runtime, OciRuntimeSettings.runc(RUNC, dir.resolve("runc")), dir.resolve("no-catatonit"));
    PinnedNamespaces pins = pinner.pin(dir.resolve("pins-bad"), EnumSet.allOf(NamespaceKind.class), "bad");
    try {
      assertThrows(CoracleException.class, () -> broken.start(id, paths(id), pins, false, null));
      assertTrue(runtime.state(id).isEmpty(), "no container left");
    } finally {
      pinner.unpin(pins);
    }
  }
}
