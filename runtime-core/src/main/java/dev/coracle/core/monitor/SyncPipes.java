package dev.coracle.core.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands conmon its sync and start pipes. conmon finds them as inherited file descriptors named
 * by {@code _OCI_SYNCPIPE} and {@code _OCI_STARTPIPE}; a JVM child inherits only fds 0 to 2.
 * So conmon is started through {@code /bin/sh}, which moves the process's stdout pipe (which
 * this JVM reads) to fd 3 and its stdin pipe (which this JVM writes) to fd 4, points 0 and 1 at
 * /dev/null, and execs conmon in its own place: the PID this JVM sees is conmon's. stderr stays
 * a pipe to this JVM for conmon's early complaints (bad options), until conmon detaches.
 */
final class SyncPipes {

  static final String SYNC_FD = "3";
  static final String START_FD = "4";

  private SyncPipes() {}

  /**
   * The command that starts {@code conmonCommand} with the pipes in place.
   *
   * @param startPipe true to hand over the start pipe too: conmon then waits for one byte on
   *     it before doing anything, giving the caller time to move it into a cgroup
   */
  static List<String> command(List<String> conmonCommand, boolean startPipe) {
    String moves = startPipe
        ? "exec 3>&1 4<&0 </dev/null >/dev/null; exec \"$@\""
        : "exec 3>&1 </dev/null >/dev/null; exec \"$@\"";
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", moves, "conmon"));
    command.addAll(conmonCommand);
    return command;
  }

  static Map<String, String> environment(boolean startPipe) {
    return startPipe
        ? Map.of("_OCI_SYNCPIPE", SYNC_FD, "_OCI_STARTPIPE", START_FD)
        : Map.of("_OCI_SYNCPIPE", SYNC_FD);
  }
}
