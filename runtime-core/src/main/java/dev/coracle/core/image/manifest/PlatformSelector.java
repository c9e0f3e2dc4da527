package dev.coracle.core.image.manifest;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.ref.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Picks the manifest for a platform out of an image index. */
public final class PlatformSelector {

  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private PlatformSelector() {}

  public static Descriptor select(ImageIndex index, Platform wanted) {
    return select(index, wanted, d -> true);
  }

  /**
   * The closest match: the same variant over an older compatible one, and among equals the first
   * listed. {@code acceptable} lets a backend add its own rule (the Windows OS build).
   *
   * @throws NotFoundException naming the wanted platform and the ones the index offers
   */
  public static Descriptor select(ImageIndex index, Platform wanted, Predicate<Descriptor> acceptable) {
    return select(index, wanted, (d, handler) -> acceptable.test(d), "");
  }

  /**
   * The closest match the backend's policy accepts for this runtime handler: the same variant
   * over an older compatible one, then the entry the policy prefers, then the first listed.
   *
   * @throws NotFoundException naming the wanted platform, what the policy checked and the
   *     platforms the index offers
   */
  public static Descriptor select(ImageIndex index, Platform wanted, PlatformPolicy policy, String runtimeHandler) {
    String handler = runtimeHandler == null ? "" : runtimeHandler;
    Comparator<Descriptor> preference = policy.preference();
    Descriptor best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Descriptor candidate : index.manifests()) {
      Platform platform = imagePlatform(candidate);
      if (platform == null || !policy.accepts(candidate, handler)) {
        continue;
      }
      int distance = wanted.distance(platform);
      if (distance < 0) {
        continue;
      }
      if (distance < bestDistance || (distance == bestDistance && preference.compare(candidate, best) > 0)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null) {
      String checked = policy.describe(handler);
      throw new NotFoundException("no image for platform " + wanted + (checked.isEmpty() ? "" : " " + checked)
          + " in " + available(index));
    }
    return best;
  }

  /** The platform of an entry that is a runnable image, or null for anything else. */
  private static Platform imagePlatform(Descriptor d) {
    PlatformSpec spec = d.platform();
    boolean image = d.mediaType() == null || MediaTypes.isManifest(d.mediaType());
    // Docker's attestation manifests (and any other entry that refers to another manifest) carry
    // this annotation and are not images to run.
    boolean attestation = d.annotations().containsKey(REFERENCE_TYPE);
    if (!image || attestation || spec == null || isBlank(spec.os()) || isBlank(spec.architecture())) {
      return null;
    }
    return spec.toPlatform();
  }

  private static String available(ImageIndex index) {
    List<String> platforms = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      Platform platform = imagePlatform(d);
      if (platform != null) {
        platforms.add(platform.osVersion() == null ? platform.toString() : platform + " (" + platform.osVersion() + ")");
      }
    }
    return platforms.isEmpty() ? "an index that lists no platform images" : "[" + String.join(", ", platforms) + "]";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
