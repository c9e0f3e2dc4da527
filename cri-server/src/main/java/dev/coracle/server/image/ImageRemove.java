package dev.coracle.server.image;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.ImageManager;
import dev.coracle.cri.v1.RemoveImageRequest;
import dev.coracle.cri.v1.RemoveImageResponse;

/** {@code RemoveImage}: by ID, tag or digest; a missing image is already removed. */
final class ImageRemove {

  private final ImageManager images;

  ImageRemove(ImageManager images) {
    this.images = images;
  }

  RemoveImageResponse handle(RemoveImageRequest request) {
    String name = request.getImage().getImage();
    if (name.isBlank()) {
      throw new InvalidArgumentException("RemoveImage needs image.image, the image's ID or name");
    }
    images.remove(name);
    return RemoveImageResponse.getDefaultInstance();
  }
}
