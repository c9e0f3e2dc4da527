package dev.coracle.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.ref.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PullProgressTest {

  @Test
  void render_showsBytesPerLayer_andActiveOnlyWhileALayerIsPartial() {
    Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    PullProgress progress = new PullProgress("127.0.0.1:5000/big:1");
    progress.expect(a, 50_000_000);
    assertFalse(progress.active(), "nothing received yet");
    progress.received(a, 12_300_000);
    assertTrue(progress.active());
    assertEquals("pulling 127.0.0.1:5000/big:1: " + a.hex().substring(0, 12) + " 12.3/50.0 MB", progress.render());
    progress.received(a, 37_700_000);
    assertFalse(progress.active(), "done");
  }
}
