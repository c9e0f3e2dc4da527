package dev.coracle.core.image.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {

  private static final Digest L0 = sha256("layer0");
  private static final Digest L1 = sha256("layer1");
  private static final Digest L2 = sha256("layer2");

  @Test
  void of_followsTheSpecDefinition() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    String c1 = "sha256:" + HexFormat.of().formatHex(sha.digest((L0 + " " + L1).getBytes(StandardCharsets.UTF_8)));
    String c2 = "sha256:" + HexFormat.of().formatHex(sha.digest((c1 + " " + L2).getBytes(StandardCharsets.UTF_8)));

    List<Digest> chain = ChainIds.of(List.of(L0, L1, L2));

    assertEquals(List.of(L0, Digest.parse(c1), Digest.parse(c2)), chain);
  }

  @Test
  void of_matchesAVectorComputedElsewhere() {
    // sha256("layer0".."layer2") as diff IDs; chain IDs computed with Python's hashlib.
    assertEquals("sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e", L0.toString());
    List<Digest> chain = ChainIds.of(List.of(L0, L1, L2));

    assertEquals("sha256:ef232af0eb422cdfd7917631657cd8ed2bfd5b9461b37c427aa0d3e0a19adf79", chain.get(1).toString());
    assertEquals("sha256:7ad3896338947cc04ee0b35b50d400ff32538d63f42f85ec87feac78bf71a54d", chain.get(2).toString());
  }

  @Test
  void of_dependsOnLayerOrder() {
    assertEquals(false, ChainIds.of(List.of(L0, L1)).get(1).equals(ChainIds.of(List.of(L1, L0)).get(1)));
  }

  @Test
  void of_emptyList_isEmpty() {
    assertEquals(List.of(), ChainIds.of(List.of()));
  }

  private static Digest sha256(String text) {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
