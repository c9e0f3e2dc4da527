package dev.coracle.hcs.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds Windows-shaped layer tars byte by byte, the way go-winio's backuptar writes them:
 * ustar headers, a PAX header before every entry that has records (MSWINDOWS.*, LIBARCHIVE.*,
 * and {@code path} so any name fits).
 */
final class WindowsTar {

  private static final int BLOCK = 512;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WindowsTar dir(String name, Map<String, String> pax) {
    return entry(name, '5', "", new byte[0], pax);
  }

  WindowsTar file(String name, String content, Map<String, String> pax) {
    return entry(name, '0', "", content.getBytes(StandardCharsets.UTF_8), pax);
  }

  WindowsTar symlink(String name, String target, Map<String, String> pax) {
    return entry(name, '2', target, new byte[0], pax);
  }

  WindowsTar hardLink(String name, String target) {
    return entry(name, '1', target, new byte[0], Map.of());
  }

  WindowsTar whiteout(String name) {
    return entry(name, '0', "", new byte[0], Map.of());
  }

  WindowsTar fifo(String name) {
    return entry(name, '6', "", new byte[0], Map.of());
  }

  WindowsTar entry(String name, char type, String linkName, byte[] data, Map<String, String> pax) {
    Map<String, String> records = new LinkedHashMap<>();
    records.put("path", name);
    records.putAll(pax);
    byte[] paxData = paxRecords(records);
    write(header("PaxHeaders/entry", 'x', "", paxData.length));
    write(padded(paxData));
    write(header(name.length() <= 100 ? name : name.substring(0, 100), type, linkName, data.length));
    write(padded(data));
    return this;
  }

  /** The tar with its two zero blocks at the end. */
  byte[] tar() {
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(out.toByteArray());
    whole.writeBytes(new byte[2 * BLOCK]);
    return whole.toByteArray();
  }

  byte[] gzip() {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(tar());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** sha256 of the uncompressed tar, as the image config's diff_ids list it. */
  String diffId() {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(byte[] bytes) {
    out.writeBytes(bytes);
  }

  private static byte[] paxRecords(Map<String, String> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    records.forEach((key, value) -> {
      int body = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
      int length = body + Integer.toString(body).length();
      if (Integer.toString(length).length() != Integer.toString(body).length()) {
        length++;
      }
      bytes.writeBytes((length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
    });
    return bytes.toByteArray();
  }

  private static byte[] header(String name, char type, String linkName, long size) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    octal(h, 100, 8, type == '5' ? 0755 : 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 1_700_000_000L);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = (byte) type;
    put(h, 157, 100, linkName);
    put(h, 257, 6, "ustar\0");
    put(h, 263, 2, "00");
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String checksum = String.format("%06o", sum);
    put(h, 148, 6, checksum);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, int length, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, h, offset, Math.min(length, bytes.length));
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    put(h, offset, length - 1, String.format("%0" + (length - 1) + "o", value));
  }

  private static byte[] padded(byte[] data) {
    int blocks = (data.length + BLOCK - 1) / BLOCK;
    byte[] padded = new byte[blocks * BLOCK];
    System.arraycopy(data, 0, padded, 0, data.length);
    return padded;
  }
}
