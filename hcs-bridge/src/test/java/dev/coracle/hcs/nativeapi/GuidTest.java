package dev.coracle.hcs.nativeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuidTest {

  @Test
  void parse_fillsTheFieldsInWindowsOrder() {
    Guid guid = Guid.parse("dcc079ae-60ba-4d07-847c-3493609c0870");

    assertEquals(0xdcc079ae, guid.Data1);
    assertEquals((short) 0x60ba, guid.Data2);
    assertEquals((short) 0x4d07, guid.Data3);
    assertEquals((byte) 0x84, guid.Data4[0]);
    assertEquals((byte) 0x70, guid.Data4[7]);
    assertEquals(16, guid.size());
  }

  @Test
  void toString_isLowercaseWithoutBraces() {
    assertEquals("df6d0690-79e5-55b6-a5ec-c1e2f77f580a", Guid.parse("{DF6D0690-79E5-55B6-A5EC-C1E2F77F580A}").toString());
  }

  @Test
  void zero_isAllZeros() {
    assertEquals("00000000-0000-0000-0000-000000000000", Guid.ZERO.toString());
    assertEquals(Guid.ZERO, new Guid());
  }

  @Test
  void equals_comparesValues() {
    assertEquals(Guid.parse("dcc079ae-60ba-4d07-847c-3493609c0870"), Guid.parse("DCC079AE-60BA-4D07-847C-3493609C0870"));
    assertNotEquals(Guid.parse("dcc079ae-60ba-4d07-847c-3493609c0870"), Guid.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "dcc079ae-60ba-4d07-847c-3493609c087", "dcc079ae60ba4d07847c3493609c0870",
      "{dcc079ae-60ba-4d07-847c-3493609c0870", "gcc079ae-60ba-4d07-847c-3493609c0870"})
  void parse_rejectsWhatIsNotAGuid(String text) {
    assertThrows(IllegalArgumentException.class, () -> Guid.parse(text));
  }
}
