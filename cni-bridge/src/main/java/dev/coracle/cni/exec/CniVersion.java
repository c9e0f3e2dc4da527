package dev.coracle.cni.exec;

import dev.coracle.cni.CniException;
import java.util.List;

/** The spec versions this client speaks, and their order. */
final class CniVersion {

  /** Result formats this client reads and writes; 0.1.0 and 0.2.0 results have another shape. */
  static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

  private CniVersion() {}

  static boolean atLeast(String version, String minimum) {
    return compare(version, minimum) >= 0;
  }

  static int compare(String a, String b) {
    int[] x = parts(a);
    int[] y = parts(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  /** The version itself when this client supports it, else INCOMPATIBLE_VERSION. */
  static String requireSupported(String version, String what) {
    if (version == null || !SUPPORTED.contains(version)) {
      throw new CniException(
          CniException.INCOMPATIBLE_VERSION,
          "",
          what + " has CNI version " + version + "; supported are " + SUPPORTED);
    }
    return version;
  }

  /** Results carry the IP family as "version" from 0.3.0 until 1.0.0 dropped it. */
  static boolean ipsCarryVersion(String version) {
    return !atLeast(version, "1.0.0");
  }

  private static int[] parts(String version) {
    String[] s = version.split("\\.", -1);
    if (s.length != 3) {
      throw new CniException(CniException.INCOMPATIBLE_VERSION, "", "bad CNI version " + version);
    }
    int[] out = new int[3];
    try {
      for (int i = 0; i < 3; i++) {
        out[i] = Integer.parseInt(s[i]);
      }
    } catch (NumberFormatException e) {
      throw new CniException(CniException.INCOMPATIBLE_VERSION, "", "bad CNI version " + version, e);
    }
    return out;
  }
}
