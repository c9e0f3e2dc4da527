package dev.coracle.core.image.store;

import dev.coracle.core.image.ref.Digest;
import java.util.List;

/**
 * What the runtime knows of one image, keyed by its ID (the config digest). Written whole,
 * atomically, whenever it changes; the image config itself stays in the content store.
 *
 * @param repoTags {@code registry/repository:tag} names pointing at this image
 * @param repoDigests {@code registry/repository@digest} names (the manifest digest a pull resolved)
 * @param manifest the platform manifest the layers came from
 * @param layers the compressed layer blobs, in order
 * @param chainIds the unpacked layers, in order (bottom first)
 * @param size bytes of the image as pulled (config and compressed layers), what CRI reports
 * @param pinned never garbage-collected (CRI's {@code pinned})
 */
public record ImageRecord(
    Digest id,
    List<String> repoTags,
    List<String> repoDigests,
    Digest manifest,
    List<Digest> layers,
    List<Digest> chainIds,
    long size,
    long pulledAtEpochMillis,
    boolean pinned) {

  public ImageRecord {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    layers = List.copyOf(layers);
    chainIds = List.copyOf(chainIds);
  }

  public ImageRecord withRepoTags(List<String> tags) {
    return new ImageRecord(id, tags, repoDigests, manifest, layers, chainIds, size, pulledAtEpochMillis, pinned);
  }

  public ImageRecord withRepoDigests(List<String> digests) {
    return new ImageRecord(id, repoTags, digests, manifest, layers, chainIds, size, pulledAtEpochMillis, pinned);
  }
}
