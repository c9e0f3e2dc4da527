package dev.coracle.core.image.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxXattrsTest {

  @Test
  void parse_schilyValue_keepsEveryByte() {
    byte[] value = {0, 1, (byte) 0x80, (byte) 0xc0, '\n', '=', ' ', (byte) 0xff};
    Map<String, byte[]> xattrs = PaxXattrs.parse(records(Map.of("SCHILY.xattr.security.capability", value)));
    assertEquals(List.of("security.capability"), List.copyOf(xattrs.keySet()));
    assertArrayEquals(value, xattrs.get("security.capability"));
  }

  @Test
  void parse_libarchiveValue_isBase64WithPercentEncodedName() {
    Map<String, byte[]> xattrs = PaxXattrs.parse(records(Map.of(
        "LIBARCHIVE.xattr.user.a%20b%3Dc", "AP8H".getBytes(StandardCharsets.US_ASCII))));
    assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, xattrs.get("user.a b=c"));
  }

  @Test
  void parse_otherKeys_areIgnored() {
    Map<String, byte[]> records = new LinkedHashMap<>();
    records.put("path", "some/long/name".getBytes(StandardCharsets.UTF_8));
    records.put("mtime", "1.5".getBytes(StandardCharsets.UTF_8));
    records.put("SCHILY.xattr.", "no name".getBytes(StandardCharsets.UTF_8));
    records.put("SCHILY.xattr.user.x", new byte[0]);
    Map<String, byte[]> xattrs = PaxXattrs.parse(records(records));
    assertEquals(List.of("user.x"), List.copyOf(xattrs.keySet()));
    assertArrayEquals(new byte[0], xattrs.get("user.x"));
  }

  @Test
  void parse_malformedRecord_stopsThere() {
    byte[] good = records(Map.of("SCHILY.xattr.user.ok", "1".getBytes(StandardCharsets.UTF_8)));
    byte[] bad = "99 SCHILY.xattr.user.bad=2\n".getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[good.length + bad.length];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    assertEquals(List.of("user.ok"), List.copyOf(PaxXattrs.parse(both).keySet()));
  }

  @Test
  void merge_localOverridesGlobal() {
    byte[] one = {1};
    byte[] two = {2};
    Map<String, byte[]> merged = PaxXattrs.merge(Map.of("user.a", one, "user.b", one), Map.of("user.b", two));
    assertArrayEquals(one, merged.get("user.a"));
    assertArrayEquals(two, merged.get("user.b"));
  }

  private static byte[] records(Map<String, byte[]> records) {
    return TestLayer.paxRecords(records);
  }
}
