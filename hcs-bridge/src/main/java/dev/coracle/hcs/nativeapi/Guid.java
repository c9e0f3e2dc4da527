package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.util.Locale;
import java.util.UUID;

/**
 * A Windows {@code GUID}: 16 bytes, {@code Data1} (32 bits), {@code Data2} and {@code Data3}
 * (16 bits each) in native byte order, then 8 bytes as written. A {@code REFGUID} parameter
 * takes an instance, which JNA passes by reference (WINDOWS.md §1.1).
 *
 * <p>Equality is by value. Instances are mutable, as JNA structures are: callers build their
 * own with {@link #parse} instead of changing a shared one, {@link #ZERO} above all.
 */
@FieldOrder({"Data1", "Data2", "Data3", "Data4"})
public final class Guid extends Structure {

  /** The all-zero GUID, which asks HCN to pick an ID (WINDOWS.md §4). Never modify it. */
  public static final Guid ZERO = new Guid();

  public int Data1;
  public short Data2;
  public short Data3;
  public byte[] Data4 = new byte[8];

  public Guid() {
  }

  /**
   * Parses the 36-character form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, in either case,
   * optionally inside braces as the registry and HCS documents sometimes write it.
   *
   * @throws IllegalArgumentException if {@code text} is not a GUID
   */
  public static Guid parse(String text) {
    String plain = text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1) : text;
    if (plain.length() != 36 || !plain.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException("not a GUID: \"" + text + "\"");
    }
    UUID uuid = UUID.fromString(plain);
    Guid guid = new Guid();
    long high = uuid.getMostSignificantBits();
    long low = uuid.getLeastSignificantBits();
    guid.Data1 = (int) (high >>> 32);
    guid.Data2 = (short) (high >>> 16);
    guid.Data3 = (short) high;
    for (int i = 0; i < 8; i++) {
      guid.Data4[i] = (byte) (low >>> (56 - 8 * i));
    }
    guid.write();
    return guid;
  }

  /** The lowercase 36-character form without braces, e.g. {@code 0f5c1e2a-...}. */
  @Override
  public String toString() {
    long high = ((long) Data1 << 32) | ((Data2 & 0xFFFFL) << 16) | (Data3 & 0xFFFFL);
    long low = 0;
    for (int i = 0; i < 8; i++) {
      low = (low << 8) | (Data4[i] & 0xFFL);
    }
    return new UUID(high, low).toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Guid guid && toString().equals(guid.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
