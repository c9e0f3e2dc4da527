package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coracle.core.cgroups.CgroupLayout;
import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container created by crun under conmon. crun 1.8 refuses hybrid cgroup hosts (v1 plus a
 * cgroup2 mount at /sys/fs/cgroup/unified), such as the development machines: there this test
 * says so and skips.
 */
class CrunConmonTest {

  @TempDir
  Path dir;

  @Test
  void create_echoUnderCrun_logsAndRecordsItsExit() throws Exception {
    Optional<Path> crunBinary = RuncHost.program("crun");
    assumeTrue(crunBinary.isPresent(), "crun is not installed (apt-get install crun)");
    OciRuntimeSettings crun = OciRuntimeSettings.crun(crunBinary.get(), dir.resolve("crun-root"));
    Optional<String> refusal = crun.refusal(CgroupLayout.detect(RuncHost.CGROUP_ROOT));
    assumeTrue(refusal.isEmpty(), () -> "this host cannot run crun: " + refusal.orElseThrow());
    BlockingQueue<ContainerExit> exits = new LinkedBlockingQueue<>();
    try (RuncHost host = RuncHost.open(dir); ExitWatcher watcher = ExitWatcher.start(host.exitDir, exits::add)) {
      String id = host.newId("crun");
      ContainerLaunch runcLaunch = host.launch(id, "echo", "hello from crun");
      ContainerLaunch launch = new ContainerLaunch(id, runcLaunch.bundle(), crun, runcLaunch.logPath(),
          runcLaunch.exitDir(), runcLaunch.persistDir(), runcLaunch.socketDir(), runcLaunch.pidFile(),
          runcLaunch.conmonPidFile(), 0, false, false, false, "");
      OciRuntime runtime = new OciRuntime(crun, host.runner);

      host.conmon.create(launch);
      runtime.start(id);

      assertEquals(0, exits.poll(2, TimeUnit.SECONDS).exitCode());
      assertEquals(List.of("hello from crun"), CriLogReader.read(launch.logPath()).stream().map(CriLogEntry::text).toList());
      runtime.delete(id, false);
      assertEquals(Optional.empty(), runtime.state(id));
      assertEquals(true, Procs.awaitExit(Long.parseLong(java.nio.file.Files.readString(launch.conmonPidFile()).strip()),
          Duration.ofSeconds(5)));
    }
  }
}
