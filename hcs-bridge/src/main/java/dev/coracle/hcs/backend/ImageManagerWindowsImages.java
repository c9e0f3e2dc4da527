package dev.coracle.hcs.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.store.ImageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The Windows backend's view of the image store: layers top-most first, os.version, ArgsEscaped. */
public final class ImageManagerWindowsImages implements WindowsImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageManager images;

  public ImageManagerWindowsImages(ImageManager images) {
    this.images = images;
  }

  @Override
  public Image resolve(String image) {
    ImageRecord record = images.find(image)
        .orElseThrow(() -> new NotFoundException("image \"" + image + "\" is not present: pull it first"));
    return view(image, record);
  }

  /** Pulled anonymously when absent, as containerd pulls its sandbox image. */
  @Override
  public Image ensure(String image) {
    ImageRecord record = images.find(image).orElseGet(() -> images.pull(image, Credentials.ANONYMOUS));
    return view(image, record);
  }

  private Image view(String asked, ImageRecord record) {
    ImageConfig.RunConfig run = images.config(record).config();
    List<Path> layers = new ArrayList<>(images.layerDirs(record));
    Collections.reverse(layers);
    String ref = record.repoDigests().isEmpty() ? record.id().toString() : record.repoDigests().get(0);
    String name = record.repoTags().isEmpty() ? asked : record.repoTags().get(0);
    return new Image(record.id().toString(), ref, name,
        run == null ? List.of() : run.entrypoint(), run == null ? List.of() : run.cmd(),
        run == null ? List.of() : run.env(), run == null ? "" : run.workingDir(), run == null ? "" : run.user(), layers,
        images.osVersion(record).orElse(""), argsEscaped(record));
  }

  /** Windows images mark a Cmd that is one whole command line (WINDOWS.md §2c). */
  private boolean argsEscaped(ImageRecord record) {
    try {
      JsonNode config = JSON.readTree(images.configJson(record));
      return config.path("config").path("ArgsEscaped").asBoolean(false);
    } catch (IOException e) {
      throw new InternalException("cannot read the config of image " + record.id() + ": " + e.getMessage(), e);
    }
  }
}
