package dev.coracle.server.runtime;

import dev.coracle.core.network.Cidr;
import dev.coracle.core.network.PodNetwork;
import dev.coracle.cri.v1.UpdateRuntimeConfigRequest;
import dev.coracle.cri.v1.UpdateRuntimeConfigResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code UpdateRuntimeConfig}: kubelet hands over the node's pod CIDR (comma-separated when
 * dual-stack) once the node object has one. It is kept for the network layer; an empty value
 * changes nothing.
 */
final class RuntimeConfigUpdate {

  private static final Logger log = LoggerFactory.getLogger(RuntimeConfigUpdate.class);

  private final PodNetwork network;

  RuntimeConfigUpdate(PodNetwork network) {
    this.network = network;
  }

  UpdateRuntimeConfigResponse handle(UpdateRuntimeConfigRequest request) {
    String text = request.getRuntimeConfig().getNetworkConfig().getPodCidr().strip();
    if (!text.isEmpty()) {
      List<Cidr> cidrs = new ArrayList<>();
      for (String part : text.split(",")) {
        cidrs.add(Cidr.parse(part.strip()));
      }
      if (!cidrs.equals(network.podCidrs())) {
        log.info("pod CIDRs are now {}", cidrs);
      }
      network.updatePodCidrs(cidrs);
    }
    return UpdateRuntimeConfigResponse.getDefaultInstance();
  }
}
