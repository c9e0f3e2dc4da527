package dev.coracle.server.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coracle.core.image.manifest.ManifestCodec;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.cri.v1.Image;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTranslatorTest {

  private static final Digest ID = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));

  private static Image translate(String user) {
    String config = """
        {"architecture":"amd64","os":"linux","config":{"User":"%s"},"rootfs":{"type":"layers","diff_ids":[]}}
        """.formatted(user);
    ImageRecord record = new ImageRecord(ID, List.of("docker.io/library/x:1"), List.of("docker.io/library/x@" + ID),
        ID, List.of(), List.of(), 42, 0, false);
    return ImageTranslator.image(record, ManifestCodec.readConfig(config.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1000|1000|", "1000:1000|1000|", "0|0|", "app|-1|app", "app:staff|-1|app", "|-1|"})
  void image_userBecomesUidOrUsername(String user, long uid, String username) {
    Image image = translate(user == null ? "" : user);
    if (uid >= 0) {
      assertEquals(uid, image.getUid().getValue());
    } else {
      assertFalse(image.hasUid());
    }
    assertEquals(username == null ? "" : username, image.getUsername());
  }

  @ParameterizedTest
  @CsvSource({"x"})
  void image_idIsTheConfigDigestEverywhere(String ignored) {
    Image image = translate("");
    assertEquals(ID.toString(), image.getId());
    assertEquals(ID.toString(), image.getSpec().getImage());
    assertEquals(42, image.getSize());
    assertEquals(List.of("docker.io/library/x:1"), image.getRepoTagsList());
  }
}
