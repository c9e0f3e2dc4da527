package dev.coracle.core.monitor;

import dev.coracle.core.oci.runtime.OciRuntime;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import dev.coracle.core.oci.runtime.SystemProcessRunner;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that creates and starts one container, prints "PID CONMON_PID", and waits to be
 * killed: the test of conmon outliving the daemon that started it.
 *
 * <p>Arguments: conmon runc runc-root id bundle log exit-dir persist-dir socket-dir.
 */
final class ConmonChild {

  private ConmonChild() {}

  public static void main(String[] args) throws Exception {
    SystemProcessRunner runner = new SystemProcessRunner();
    OciRuntimeSettings runc = OciRuntimeSettings.runc(Path.of(args[1]), Path.of(args[2]));
    ContainerLaunch launch = ContainerLaunch.of(args[3], Path.of(args[4]), runc, Path.of(args[5]), Path.of(args[6]),
        Path.of(args[7]), Path.of(args[8]));
    CreatedContainer created = new Conmon(Path.of(args[0]), runner, ConmonCgroup.NONE, Duration.ofSeconds(30))
        .create(launch);
    new OciRuntime(runc, runner).start(launch.id());
    System.out.println(created.pid() + " " + created.conmonPid());
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(5));
  }
}
