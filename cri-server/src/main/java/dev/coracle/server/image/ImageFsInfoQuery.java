package dev.coracle.server.image;

import dev.coracle.core.image.ImageManager;
import dev.coracle.cri.v1.ImageFsInfoRequest;
import dev.coracle.cri.v1.ImageFsInfoResponse;
import dev.coracle.server.translate.ImageTranslator;
import java.time.Instant;

/** {@code ImageFsInfo}: bytes and inodes the image store takes, for kubelet's image garbage collection. */
final class ImageFsInfoQuery {

  private final ImageManager images;

  ImageFsInfoQuery(ImageManager images) {
    this.images = images;
  }

  ImageFsInfoResponse handle(ImageFsInfoRequest request) {
    Instant now = Instant.now();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return ImageFsInfoResponse.newBuilder()
        .addImageFilesystems(ImageTranslator.usage(images.usage(), nanos))
        .build();
  }
}
