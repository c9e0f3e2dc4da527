package dev.coracle.core.image.ref;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ChainIDs as the OCI image spec defines them: the identity of a stack of layers, so the same
 * layers unpacked on the same parents are shared between images.
 */
public final class ChainIds {

  private ChainIds() {}

  /** The chain ID of every prefix of {@code diffIds}: element i names layers 0..i. */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous = previous == null ? diffId : next(previous, diffId);
      chain.add(previous);
    }
    return List.copyOf(chain);
  }

  private static Digest next(Digest parent, Digest diffId) {
    return Digest.sha256((parent + " " + diffId).getBytes(StandardCharsets.UTF_8));
  }
}
