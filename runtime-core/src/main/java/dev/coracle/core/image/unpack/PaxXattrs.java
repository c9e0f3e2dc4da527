package dev.coracle.core.image.unpack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extended attributes from the raw bytes of a PAX extended header: records
 * {@code "<length> <key>=<value>\n"}, where {@code SCHILY.xattr.<name>} carries the value as
 * raw bytes (GNU tar, Docker, Go's archive/tar) and {@code LIBARCHIVE.xattr.<%-encoded name>}
 * as base64 (bsdtar). Values stay bytes: {@code security.capability} is binary, and decoding
 * it as UTF-8 text, as commons-compress does for every PAX value, corrupts it.
 */
final class PaxXattrs {

  private static final String SCHILY = "SCHILY.xattr.";
  private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

  private PaxXattrs() {}

  static Map<String, byte[]> parse(byte[] pax) {
    Map<String, byte[]> xattrs = new LinkedHashMap<>();
    int position = 0;
    while (position < pax.length) {
      int space = indexOf(pax, (byte) ' ', position, pax.length);
      int length = space < 0 ? -1 : decimal(pax, position, space);
      // commons-compress has already refused malformed records; stop at anything odd anyway.
      if (length <= 0 || position + length > pax.length || pax[position + length - 1] != '\n') {
        break;
      }
      int end = position + length - 1;
      int equals = indexOf(pax, (byte) '=', space + 1, end);
      if (equals < 0) {
        break;
      }
      String key = new String(pax, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      add(xattrs, key, Arrays.copyOfRange(pax, equals + 1, end));
      position += length;
    }
    return xattrs;
  }

  /** Global values with local ones on top; the shared empty map when both are empty. */
  static Map<String, byte[]> merge(Map<String, byte[]> global, Map<String, byte[]> local) {
    if (global.isEmpty()) {
      return local.isEmpty() ? Map.of() : local;
    }
    Map<String, byte[]> merged = new LinkedHashMap<>(global);
    merged.putAll(local);
    return merged;
  }

  private static void add(Map<String, byte[]> xattrs, String key, byte[] value) {
    if (key.startsWith(SCHILY) && key.length() > SCHILY.length()) {
      xattrs.put(key.substring(SCHILY.length()), value);
    } else if (key.startsWith(LIBARCHIVE) && key.length() > LIBARCHIVE.length()) {
      String name = percentDecode(key.substring(LIBARCHIVE.length()));
      xattrs.put(name, Base64.getDecoder().decode(new String(value, StandardCharsets.US_ASCII).trim()));
    }
  }

  /** libarchive's URL-style escaping of attribute names: {@code %XX} is a byte. */
  private static String percentDecode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
        bytes.write(HexFormat.fromHexDigits(new String(raw, i + 1, 2, StandardCharsets.US_ASCII)));
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static int decimal(byte[] bytes, int from, int to) {
    if (to == from || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return -1;
      }
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }
}
