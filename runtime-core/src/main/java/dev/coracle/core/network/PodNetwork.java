package dev.coracle.core.network;

import dev.coracle.core.status.Condition;
import java.util.List;

/**
 * The seam through which pods get their network. The sandbox lifecycle talks only to this;
 * the CNI implementation plugs in behind it.
 */
public interface PodNetwork {

  /** The {@code NetworkReady} condition as it stands now. */
  Condition readiness();

  /**
   * The node's pod CIDRs from kubelet's {@code UpdateRuntimeConfig}, one per IP family, for
   * networks that allocate from them. An empty list leaves the current ones in place.
   */
  void updatePodCidrs(List<Cidr> podCidrs);

  /** The pod CIDRs last given, in kubelet's order. */
  List<Cidr> podCidrs();
}
