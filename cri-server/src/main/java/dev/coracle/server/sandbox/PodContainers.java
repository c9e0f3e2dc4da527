package dev.coracle.server.sandbox;

import dev.coracle.core.container.ContainerManager;

/**
 * The containers of a pod, as the sandbox handlers need them: stopping a pod stops them first,
 * removing a pod removes them first. Both succeed for a pod with no containers.
 */
public interface PodContainers {

  void stopAll(String sandboxId);

  void removeAll(String sandboxId);

  static PodContainers of(ContainerManager containers) {
    return new PodContainers() {
      @Override
      public void stopAll(String sandboxId) {
        containers.stopAll(sandboxId);
      }

      @Override
      public void removeAll(String sandboxId) {
        containers.removeAll(sandboxId);
      }
    };
  }
}
