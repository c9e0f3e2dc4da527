package dev.coracle.core.lifecycle;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New pod sandbox and container IDs: 64 lowercase hex digits of randomness, as containerd and CRI-O make them. */
public final class RuntimeIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RuntimeIds() {}

  public static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
