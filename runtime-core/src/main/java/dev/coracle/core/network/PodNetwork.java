package dev.coracle.core.network;

import dev.coracle.core.status.Condition;
import java.util.List;

/**
 * The seam through which pods get their network. The sandbox lifecycle talks only to this:
 * {@link #attach} when a pod with its own network namespace runs, {@link #detach} when it stops
 * and when it is removed. The CNI implementation plugs in behind it.
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

  /**
   * Connects a pod's network namespace and returns the pod's IPs, in the order the network
   * gave them (empty: the pod has loopback only). A failure undoes the network's own partial
   * work before it is thrown; the sandbox then undoes the rest.
   */
  List<String> attach(PodAttachment pod);

  /**
   * Disconnects the pod and frees what the network holds for it (addresses, host ports). Done
   * when the pod stops and again when it is removed: doing it twice, or for a namespace that is
   * gone, must succeed.
   */
  void detach(PodAttachment pod);
}
