package dev.coracle.hcs.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The byte formats {@code BackupWrite} consumes (WINDOWS.md §3): a sequence of streams, each
 * a {@code WIN32_STREAM_ID} header (stream ID, attributes, 64-bit size, name size in bytes,
 * UTF-16LE name) followed by its bytes; the EA stream as {@code FILE_FULL_EA_INFORMATION}
 * entries; the reparse stream as a {@code REPARSE_DATA_BUFFER} for a symbolic link or a
 * junction. All little-endian.
 */
final class BackupStreams {

  static final int BACKUP_DATA = 1;
  static final int BACKUP_EA_DATA = 2;
  static final int BACKUP_SECURITY_DATA = 3;
  static final int BACKUP_ALTERNATE_DATA = 4;
  static final int BACKUP_REPARSE_DATA = 8;

  static final int IO_REPARSE_TAG_MOUNT_POINT = 0xA0000003;
  static final int IO_REPARSE_TAG_SYMLINK = 0xA000000C;
  private static final int SYMLINK_FLAG_RELATIVE = 1;

  private BackupStreams() {}

  /** A {@code WIN32_STREAM_ID} header for {@code size} bytes of stream {@code id}. */
  static byte[] header(int id, long size, String name) {
    byte[] name16 = name.getBytes(StandardCharsets.UTF_16LE);
    ByteBuffer b = little(20 + name16.length);
    b.putInt(id).putInt(0).putLong(size).putInt(name16.length).put(name16);
    return b.array();
  }

  /** A whole stream: its header and its bytes. */
  static byte[] stream(int id, byte[] data) {
    byte[] header = header(id, data.length, "");
    byte[] whole = new byte[header.length + data.length];
    System.arraycopy(header, 0, whole, 0, header.length);
    System.arraycopy(data, 0, whole, header.length, data.length);
    return whole;
  }

  /** The name {@code BackupWrite} gives an alternate data stream: {@code :<stream>:$DATA}. */
  static String alternateStreamName(String stream) {
    return ":" + stream + ":$DATA";
  }

  /**
   * {@code FILE_FULL_EA_INFORMATION} entries: next-entry offset (0 for the last), flags,
   * name length, value length, the ASCII name with a NUL, the value; each entry padded to 4
   * bytes.
   */
  static byte[] extendedAttributes(Map<String, byte[]> eas) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int remaining = eas.size();
    for (Map.Entry<String, byte[]> ea : eas.entrySet()) {
      byte[] name = ea.getKey().getBytes(StandardCharsets.US_ASCII);
      byte[] value = ea.getValue();
      int length = 8 + name.length + 1 + value.length;
      int padded = (length + 3) & ~3;
      boolean last = --remaining == 0;
      ByteBuffer b = little(last ? length : padded);
      b.putInt(last ? 0 : padded).put((byte) 0).put((byte) name.length).putShort((short) value.length)
          .put(name).put((byte) 0).put(value);
      out.writeBytes(b.array());
    }
    return out.toByteArray();
  }

  /**
   * A {@code REPARSE_DATA_BUFFER} for a link to {@code target} as the tar wrote it: the
   * substitute name is the NT form ({@code \??\C:\x} for a drive path, {@code \??\UNC\...}
   * for a share, the target itself when relative), the print name the target; both counted
   * and NUL-terminated. A symbolic link carries flags (relative or not); a junction does not.
   */
  static byte[] reparsePoint(String target, boolean mountPoint) {
    String nt;
    boolean relative = false;
    if (target.startsWith("\\\\?\\")) {
      nt = "\\??\\" + target.substring(4);
    } else if (target.startsWith("\\\\")) {
      nt = "\\??\\UNC\\" + target.substring(2);
    } else if (target.length() >= 2 && Character.isLetter(target.charAt(0)) && target.charAt(0) < 128
        && target.charAt(1) == ':') {
      nt = "\\??\\" + target;
    } else {
      nt = target;
      relative = true;
    }
    byte[] substitute = (nt + "\0").getBytes(StandardCharsets.UTF_16LE);
    byte[] print = (target + "\0").getBytes(StandardCharsets.UTF_16LE);
    int flags = mountPoint ? 0 : 4;
    int dataLength = 8 + flags + substitute.length + print.length;
    ByteBuffer b = little(8 + dataLength);
    b.putInt(mountPoint ? IO_REPARSE_TAG_MOUNT_POINT : IO_REPARSE_TAG_SYMLINK).putShort((short) dataLength)
        .putShort((short) 0)
        .putShort((short) 0).putShort((short) (substitute.length - 2))
        .putShort((short) substitute.length).putShort((short) (print.length - 2));
    if (!mountPoint) {
      b.putInt(relative ? SYMLINK_FLAG_RELATIVE : 0);
    }
    b.put(substitute).put(print);
    return b.array();
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
