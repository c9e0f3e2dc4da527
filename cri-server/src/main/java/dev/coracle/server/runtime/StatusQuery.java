package dev.coracle.server.runtime;

import dev.coracle.core.network.PodNetwork;
import dev.coracle.core.status.Condition;
import dev.coracle.cri.v1.RuntimeFeatures;
import dev.coracle.cri.v1.RuntimeHandler;
import dev.coracle.cri.v1.RuntimeStatus;
import dev.coracle.cri.v1.StatusRequest;
import dev.coracle.cri.v1.StatusResponse;
import dev.coracle.server.translate.StatusTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Status}: the RuntimeReady and NetworkReady conditions, the runtime handlers (the
 * default first, under the empty name kubelet uses for it, then each by name) with their
 * features, and the runtime's features; verbose adds the effective config.
 */
final class StatusQuery {

  private final PodNetwork network;
  private final Supplier<String> verboseInfo;
  private final List<RuntimeHandler> handlers;

  StatusQuery(PodNetwork network, Supplier<String> verboseInfo, List<String> runtimeHandlers) {
    this.network = network;
    this.verboseInfo = verboseInfo;
    List<RuntimeHandler> list = new ArrayList<>();
    list.add(StatusTranslator.runtimeHandler(""));
    runtimeHandlers.forEach(name -> list.add(StatusTranslator.runtimeHandler(name)));
    this.handlers = List.copyOf(list);
  }

  StatusResponse handle(StatusRequest request) {
    List<Condition> conditions = List.of(
        Condition.ready(Condition.RUNTIME_READY, ""),
        network.readiness());
    StatusResponse.Builder response = StatusResponse.newBuilder()
        .setStatus(RuntimeStatus.newBuilder().addAllConditions(StatusTranslator.conditions(conditions)))
        .addAllRuntimeHandlers(handlers)
        .setFeatures(RuntimeFeatures.newBuilder().setSupplementalGroupsPolicy(true));
    if (request.getVerbose()) {
      response.putInfo("config", verboseInfo.get());
    }
    return response.build();
  }
}
