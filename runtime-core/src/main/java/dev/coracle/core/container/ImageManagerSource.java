package dev.coracle.core.container;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.image.store.ImageRecord;

/** Containers' images from the image manager: only images already pulled, as kubelet expects. */
public final class ImageManagerSource implements ImageSource {

  private static final ImageConfig.RunConfig NO_RUN_CONFIG =
      new ImageConfig.RunConfig(null, null, null, null, null, null, null, null, null);

  private final ImageManager images;

  public ImageManagerSource(ImageManager images) {
    this.images = images;
  }

  @Override
  public ResolvedImage resolve(String image) {
    ImageRecord record = images.find(image)
        .orElseThrow(() -> new NotFoundException("image \"" + image + "\" is not present: pull it first"));
    ImageConfig.RunConfig run = images.config(record).config();
    String id = record.id().toString();
    String ref = record.repoDigests().isEmpty() ? id : record.repoDigests().get(0);
    String name = record.repoTags().isEmpty() ? image : record.repoTags().get(0);
    return new ResolvedImage(id, ref, name, run == null ? NO_RUN_CONFIG : run, images.layerDirs(record));
  }
}
