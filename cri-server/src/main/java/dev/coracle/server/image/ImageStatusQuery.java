package dev.coracle.server.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.cri.v1.ImageStatusRequest;
import dev.coracle.cri.v1.ImageStatusResponse;
import dev.coracle.server.translate.ImageTranslator;
import java.io.IOException;
import java.util.Optional;

/** {@code ImageStatus}: the image, or an empty answer when there is none (that is not an error in CRI). */
final class ImageStatusQuery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageManager images;

  ImageStatusQuery(ImageManager images) {
    this.images = images;
  }

  ImageStatusResponse handle(ImageStatusRequest request) {
    Optional<ImageRecord> found = images.find(request.getImage().getImage());
    if (found.isEmpty()) {
      return ImageStatusResponse.getDefaultInstance();
    }
    ImageRecord record = found.get();
    ImageStatusResponse.Builder response = ImageStatusResponse.newBuilder()
        .setImage(ImageTranslator.image(record, images.config(record)));
    if (request.getVerbose()) {
      response.putInfo("info", verboseInfo(record));
    }
    return response.build();
  }

  private String verboseInfo(ImageRecord record) {
    try {
      ObjectNode info = JSON.createObjectNode();
      info.put("id", record.id().toString());
      info.put("manifest", record.manifest().toString());
      info.putPOJO("chain_ids", record.chainIds().stream().map(Object::toString).toList());
      info.set("config", JSON.readTree(images.configJson(record)));
      return JSON.writeValueAsString(info);
    } catch (IOException e) {
      throw new InternalException("cannot render the config of image " + record.id(), e);
    }
  }
}
