package dev.coracle.hcs.backend;

import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.hcs.document.Isolation;

/**
 * A Windows pod as recorded: what every pod has, plus what HCS and HCN made for it.
 *
 * @param namespaceId the pod's HCN namespace GUID; empty for a HostProcess pod
 * @param systemId the compute system that holds the pod: the pause container (process
 *     isolation) or the utility VM (Hyper-V); empty for a HostProcess pod
 * @param podDir the pod's directory (scratch, utility VM disk)
 */
public record HcsPod(SandboxRecord sandbox, Isolation isolation, String namespaceId, String systemId, String podDir) {

  public HcsPod withSandbox(SandboxRecord next) {
    return new HcsPod(next, isolation, namespaceId, systemId, podDir);
  }

  public String id() {
    return sandbox.id();
  }
}
