package dev.coracle.cni.config;

import java.util.List;

/** What one reading of the conf dir found: the usable networks in order and the refusals. */
record ConfDirScan(List<NetworkConfigList> networks, List<ConfigRefusal> refusals) {

  ConfDirScan {
    networks = List.copyOf(networks);
    refusals = List.copyOf(refusals);
  }
}
