package dev.coracle.core.monitor;

import java.io.IOException;

/**
 * Moves a freshly started conmon into its cgroup before it starts the container (conmon 2.1
 * has no option for this: it waits on its start pipe instead, so its parent can do it).
 * Everything conmon then starts is born there.
 */
@FunctionalInterface
public interface ConmonCgroup {

  /** Leaves conmon in the daemon's own cgroup. */
  ConmonCgroup NONE = (pid, cgroup) -> {};

  /**
   * Moves the process into {@code cgroup}, which is relative to each hierarchy's root; an empty
   * cgroup means "stay".
   */
  void join(long pid, String cgroup) throws IOException;
}
