package dev.coracle.core.network;

import dev.coracle.core.status.Condition;
import java.util.List;

/**
 * The network every Linux pod has before a CNI network is configured: its own namespace with
 * the loopback interface up. Always ready, and says so plainly in the condition's message.
 */
public final class LoopbackOnlyNetwork implements PodNetwork {

  private volatile List<Cidr> podCidrs = List.of();

  @Override
  public Condition readiness() {
    return Condition.ready(Condition.NETWORK_READY, "pods get a loopback interface only (no CNI network in use)");
  }

  @Override
  public void updatePodCidrs(List<Cidr> cidrs) {
    if (!cidrs.isEmpty()) {
      podCidrs = List.copyOf(cidrs);
    }
  }

  @Override
  public List<Cidr> podCidrs() {
    return podCidrs;
  }

  /** The namespace's loopback was brought up when it was pinned: there is nothing to connect. */
  @Override
  public List<String> attach(PodAttachment pod) {
    return List.of();
  }

  @Override
  public void detach(PodAttachment pod) {}
}
