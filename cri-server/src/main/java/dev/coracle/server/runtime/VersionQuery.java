package dev.coracle.server.runtime;

import dev.coracle.cri.v1.VersionRequest;
import dev.coracle.cri.v1.VersionResponse;
import dev.coracle.server.Build;

/** {@code Version}: who answers, and which CRI version it speaks. */
final class VersionQuery {

  /** The version of the kubelet runtime API, not of Coracle. */
  static final String KUBELET_API_VERSION = "0.1.0";

  VersionResponse handle(VersionRequest request) {
    return VersionResponse.newBuilder()
        .setVersion(KUBELET_API_VERSION)
        .setRuntimeName(Build.NAME)
        .setRuntimeVersion(Build.VERSION)
        .setRuntimeApiVersion("v1")
        .build();
  }
}
