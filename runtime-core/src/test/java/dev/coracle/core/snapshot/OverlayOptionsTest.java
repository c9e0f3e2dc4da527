package dev.coracle.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayOptionsTest {

  @Test
  void readWrite_namesLowersTopFirstThenUpperAndWork() {
    assertEquals("lowerdir=l/top:l/bottom,upperdir=k/upper,workdir=k/work",
        OverlayOptions.readWrite(List.of("l/top", "l/bottom"), "k/upper", "k/work"));
  }

  @Test
  void readOnly_hasNoUpper() {
    assertEquals("lowerdir=l/a:l/b", OverlayOptions.readOnly(List.of("l/a", "l/b")));
  }

  @Test
  void readOnly_oneLower_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> OverlayOptions.readOnly(List.of("l/a")));
  }

  @Test
  void readWrite_justUnderAPage_passesAndOneByteMoreIsRefused() {
    String fixed = "lowerdir=,upperdir=u,workdir=w";
    String fits = "x".repeat(OverlayOptions.MAX_LENGTH - fixed.length());
    assertEquals(OverlayOptions.MAX_LENGTH, OverlayOptions.readWrite(List.of(fits), "u", "w").length());

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> OverlayOptions.readWrite(List.of(fits + "x"), "u", "w"));
    assertEquals("an image of 1 layer is too deep to mount: its overlay options take 4096 bytes, the kernel takes at most 4095",
        e.getMessage());
  }

  @Test
  void readWrite_260ShortLinksOfFullLengthKeys_fit() {
    String key = "f".repeat(64);
    List<String> lowers = Collections.nCopies(260, "l/0123456789ab");
    assertTrue(OverlayOptions.readWrite(lowers, key + "/upper", key + "/work").length() <= OverlayOptions.MAX_LENGTH);
  }
}
