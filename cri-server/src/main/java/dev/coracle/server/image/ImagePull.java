package dev.coracle.server.image;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.PullImageResponse;
import dev.coracle.server.translate.ImageTranslator;

/** {@code PullImage}: fetch and unpack; answers with the image ID once every layer is ready. */
final class ImagePull {

  private final ImageManager images;

  ImagePull(ImageManager images) {
    this.images = images;
  }

  PullImageResponse handle(PullImageRequest request) {
    String name = request.getImage().getImage();
    if (name.isBlank()) {
      throw new InvalidArgumentException("PullImage needs image.image, the name of the image to pull");
    }
    // runtime_handler is accepted: every handler of this runtime shares one image store.
    ImageRecord image = images.pull(name, ImageTranslator.credentials(request.getAuth()), request.getImage().getRuntimeHandler());
    return PullImageResponse.newBuilder().setImageRef(image.id().toString()).build();
  }
}
