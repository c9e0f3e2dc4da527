package dev.coracle.core.container;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.NotFoundException;

/** How the container side sees pod sandboxes; the sandbox manager answers. */
public interface PodLookup {

  /**
   * What a new container of the pod takes from it.
   *
   * @throws NotFoundException when there is no such pod
   * @throws FailedPreconditionException when the pod is not ready (stopped)
   */
  PodContext context(String sandboxId);

  /** The runtime handler the pod runs with (resolved: never empty). */
  String runtimeHandler(String sandboxId);
}
