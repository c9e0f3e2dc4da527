package dev.coracle.core.image;

import dev.coracle.core.image.ref.Digest;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Bytes received per layer of one pull, rendered for the periodic progress log line. */
final class PullProgress {

  private record Layer(long total, AtomicLong received) {}

  private final String image;
  private final Map<Digest, Layer> layers = new ConcurrentHashMap<>();

  PullProgress(String image) {
    this.image = image;
  }

  void expect(Digest digest, long total) {
    layers.putIfAbsent(digest, new Layer(total, new AtomicLong()));
  }

  void received(Digest digest, long bytes) {
    Layer layer = layers.get(digest);
    if (layer != null) {
      layer.received().addAndGet(bytes);
    }
  }

  boolean active() {
    return layers.values().stream().anyMatch(l -> l.received().get() > 0 && l.received().get() < l.total());
  }

  String render() {
    return "pulling " + image + ": " + layers.entrySet().stream()
        .map(e -> e.getKey().hex().substring(0, 12) + " " + mb(e.getValue().received().get()) + "/"
            + mb(e.getValue().total()) + " MB")
        .collect(Collectors.joining(", "));
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
