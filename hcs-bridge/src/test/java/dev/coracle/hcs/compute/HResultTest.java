package dev.coracle.hcs.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HResultTest {

  @ParameterizedTest
  @ValueSource(ints = {0x80370101, 0xC0370101})
  void isImageMismatch_acceptsBothForms(int code) {
    HResult result = HResult.of(code);

    assertTrue(result.failed());
    assertTrue(result.isHcs());
    assertTrue(result.isImageMismatch());
    assertEquals(0x0101, result.low());
    assertEquals("HCS_E_IMAGE_MISMATCH", result.name());
  }

  @Test
  void toString_showsHexAndName() {
    assertEquals("0xC0370101 (HCS_E_IMAGE_MISMATCH)", HResult.of(0xC0370101).toString());
    assertEquals("0x803B0014 (HCN_E_ENDPOINT_ALREADY_ATTACHED)", HResult.of(0x803B0014).toString());
    assertEquals("0x80070490 (ERROR_NOT_FOUND)", HResult.of(0x80070490).toString());
    assertEquals("0x80371234", HResult.of(0x80371234).toString());
  }

  @Test
  void isHcs_isFalseForOtherFacilitiesAndSuccess() {
    assertFalse(HResult.of(0x80070005).isHcs());
    assertFalse(HResult.of(0x803B0001).isHcs());
    assertFalse(HResult.of(0x00370101).isHcs());
    assertFalse(HResult.of(0).failed());
  }

  @Test
  void classes_followHcsshim() {
    assertTrue(HResult.of(0xC037010E).isNotFound());
    assertTrue(HResult.of(0x80070490).isNotFound());
    assertTrue(HResult.of(0x803B0002).isNotFound());
    assertTrue(HResult.of(0x80370110).isAlreadyStopped());
    assertTrue(HResult.of(0xC037011F).isAlreadyStopped());
    assertTrue(HResult.of(0x8037011B).isAccessDenied());
    assertTrue(HResult.of(0x80070005).isAccessDenied());
    assertTrue(HResult.of(0xC0370105).isInvalidState());
    assertTrue(HResult.of(0x80370118).isTimeout());
    assertTrue(HResult.of(0x8037010D).isNotSupported());
    assertTrue(HResult.of(0x8037010B).isNotSupported());
    assertTrue(HResult.of(0x8007000D).isNotSupported());
    assertTrue(HResult.of(0x80070032).isNotSupported());
    assertFalse(HResult.of(0x80370101).isNotFound());
    assertFalse(HResult.of(0x80370101).isAlreadyStopped());
  }

  @Test
  void name_coversEveryHcsCodeOfTheTable() {
    for (int low : new int[] {0x0100, 0x0101, 0x0102, 0x0103, 0x0105, 0x0106, 0x0107, 0x0108, 0x0109, 0x010A, 0x010B,
        0x010C, 0x010D, 0x010E, 0x010F, 0x0110, 0x0111, 0x0112, 0x0114, 0x0115, 0x0116, 0x0117, 0x0118, 0x0119, 0x011A,
        0x011B, 0x011C, 0x011D, 0x011E, 0x011F}) {
      String name = HResult.of(0x80370000 | low).name();
      assertFalse(name.isEmpty(), Integer.toHexString(low));
      assertEquals(name, HResult.of(0xC0370000 | low).name());
    }
  }
}
