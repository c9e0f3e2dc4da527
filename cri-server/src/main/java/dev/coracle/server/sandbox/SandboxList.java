package dev.coracle.server.sandbox;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.sandbox.SandboxRecord;
import dev.coracle.cri.v1.PodSandbox;
import dev.coracle.cri.v1.PodSandboxFilter;
import dev.coracle.server.translate.LabelSelector;
import dev.coracle.server.translate.SandboxTranslator;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ListPodSandbox} and {@code StreamPodSandboxes}: the pods every given filter matches.
 * The ID filter takes a full ID or a prefix naming exactly one pod; an ambiguous or unknown
 * prefix matches nothing.
 */
final class SandboxList {

  private final PodBackend backend;

  SandboxList(PodBackend backend) {
    this.backend = backend;
  }

  List<PodSandbox> list(PodSandboxFilter filter) {
    Collection<SandboxRecord> all = backend.sandboxes();
    List<SandboxRecord> found = filter.getId().isEmpty() ? List.copyOf(all) : byId(all, filter.getId());
    return found.stream()
        .filter(r -> !filter.hasState() || SandboxTranslator.state(r.state()) == filter.getState().getState())
        .filter(r -> LabelSelector.matches(filter.getLabelSelectorMap(), r.config().labels()))
        .sorted(Comparator.comparingLong(SandboxRecord::createdAtNanos).thenComparing(SandboxRecord::id))
        .map(SandboxTranslator::sandbox)
        .toList();
  }

  private static List<SandboxRecord> byId(Collection<SandboxRecord> all, String id) {
    List<SandboxRecord> matching = all.stream().filter(r -> r.id().startsWith(id)).toList();
    return matching.size() == 1 ? matching : List.of();
  }
}
