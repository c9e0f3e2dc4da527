package dev.coracle.server.image;

import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.cri.v1.Image;
import dev.coracle.cri.v1.ImageFilter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** {@code ListImages} and {@code StreamImages}: every image, or the one a filter names. */
final class ImageList {

  private final ImageManager images;

  ImageList(ImageManager images) {
    this.images = images;
  }

  List<Image> list(ImageFilter filter) {
    String name = filter.getImage().getImage();
    Collection<ImageRecord> records = name.isEmpty() ? images.list() : images.find(name).stream().toList();
    return records.stream()
        .sorted(Comparator.comparing(r -> r.id().toString()))
        .map(r -> dev.coracle.server.translate.ImageTranslator.image(r, images.config(r)))
        .toList();
  }
}
