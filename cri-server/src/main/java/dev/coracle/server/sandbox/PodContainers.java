package dev.coracle.server.sandbox;

/**
 * The containers of a pod, as the sandbox handlers need them: stopping a pod stops them first,
 * removing a pod removes them first. Both succeed for a pod with no containers.
 */
public interface PodContainers {

  /** No containers at all: what the daemon uses until the container side is wired in. */
  PodContainers NONE = new PodContainers() {
    @Override
    public void stopAll(String sandboxId) {}

    @Override
    public void removeAll(String sandboxId) {}
  };

  void stopAll(String sandboxId);

  void removeAll(String sandboxId);
}
