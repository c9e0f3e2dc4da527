package dev.coracle.core.sandbox;

import dev.coracle.core.container.PodContext;
import dev.coracle.core.container.PodLookup;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.lifecycle.IdPrefixes;
import dev.coracle.core.namespace.NamespaceKind;

/** The sandboxes as the container side sees them: what a new container takes from its pod. */
public final class SandboxPods implements PodLookup {

  private final SandboxManager sandboxes;

  public SandboxPods(SandboxManager sandboxes) {
    this.sandboxes = sandboxes;
  }

  @Override
  public PodContext context(String sandboxId) {
    SandboxRecord record = require(sandboxId);
    if (record.state() != SandboxState.READY) {
      throw new FailedPreconditionException("pod sandbox " + sandboxId + " is " + record.state()
          + ": containers can only be created in a READY pod");
    }
    SandboxConfig config = record.config();
    String id = record.id();
    return new PodContext(id, SandboxManager.hostnameOf(config),
        sandboxes.namespace(id, NamespaceKind.NET).orElse(null),
        sandboxes.namespace(id, NamespaceKind.IPC).orElse(null),
        sandboxes.namespace(id, NamespaceKind.UTS).orElse(null),
        sandboxes.infraPid(id).orElse(null),
        config.hostPid(),
        record.cgroup(),
        sandboxes.hostsFile(id),
        sandboxes.hostnameFile(id),
        sandboxes.resolvConfFile(id),
        sandboxes.shmDir(id).orElse(null),
        config.sysctls(),
        config.security().privileged(),
        config.logDirectory().isEmpty() ? null : java.nio.file.Path.of(config.logDirectory()));
  }

  @Override
  public String runtimeHandler(String sandboxId) {
    return require(sandboxId).runtimeHandler();
  }

  /** The pod by full ID or unique prefix. */
  private SandboxRecord require(String sandboxId) {
    return IdPrefixes.resolve("pod sandbox ID", sandboxes.list().stream().map(SandboxRecord::id).toList(), sandboxId)
        .flatMap(sandboxes::get)
        .orElseThrow(() -> new NotFoundException("pod sandbox \"" + sandboxId + "\" not found"));
  }
}
