package dev.coracle.hcs.backend;

import dev.coracle.core.container.ContainerRecord;
import dev.coracle.hcs.document.Isolation;

/**
 * A Windows container as recorded: what every container has, plus what was made for it.
 *
 * @param scratchDir its writable layer's directory
 * @param rootPath the volume (process isolation) or guest path (Hyper-V) of its root
 * @param credentialGuard a gMSA instance was added for it and must be removed with it
 * @param scsiLun where its scratch is attached to the pod's utility VM (Hyper-V); 0 otherwise
 */
public record HcsContainer(ContainerRecord container, Isolation isolation, String scratchDir, String rootPath,
    boolean credentialGuard, int scsiLun) {

  public HcsContainer withContainer(ContainerRecord next) {
    return new HcsContainer(next, isolation, scratchDir, rootPath, credentialGuard, scsiLun);
  }

  public String id() {
    return container.id();
  }
}
