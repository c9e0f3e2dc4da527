package dev.coracle.core.container;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.manifest.ImageConfig;
import java.nio.file.Path;
import java.util.List;

/** The images containers are made from; the image manager answers. */
public interface ImageSource {

  /**
   * The local image a request names (reference or ID).
   *
   * @throws NotFoundException when no such image has been pulled
   */
  ResolvedImage resolve(String image);

  /**
   * @param id the image ID (config digest)
   * @param ref what kubelet should see as the image's ref: a repo digest when there is one
   * @param name the first tag, or the name asked for
   * @param layers unpacked layer directories, bottom first
   */
  record ResolvedImage(String id, String ref, String name, ImageConfig.RunConfig run, List<Path> layers) {}
}
