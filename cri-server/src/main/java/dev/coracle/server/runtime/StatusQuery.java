package dev.coracle.server.runtime;

import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.status.Condition;
import dev.coracle.cri.v1.RuntimeStatus;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.server.translate.StatusTranslator;
import java.util.List;
import java.util.function.Supplier;

/** {@code Status}: the RuntimeReady and NetworkReady conditions; verbose adds the effective config. */
final class StatusQuery {

  private final PodNetwork network;
  private final Supplier<String> verboseInfo;

  StatusQuery(PodNetwork network, Supplier<String> verboseInfo) {
    this.network = network;
    this.verboseInfo = verboseInfo;
  }

  StatusResponse handle(StatusRequest request) {
    List<Condition> conditions = List.of(
        Condition.ready(Condition.RUNTIME_READY, ""),
        network.readiness());
    StatusResponse.Builder response = StatusResponse.newBuilder()
        .setStatus(RuntimeStatus.newBuilder().addAllConditions(StatusTranslator.conditions(conditions)));
    if (request.getVerbose()) {
      response.putInfo("config", verboseInfo.get());
    }
    return response.build();
  }
}
