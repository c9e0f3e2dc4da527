package dev.coracle.cni.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec versions this client speaks, and which one a config is used at.
 *
 * <p>0.3.0 and 0.3.1 lists are read as 0.4.0: the config and result formats are the same, 0.4.0
 * only added CHECK and {@code prevResult} on DEL, and every plugin that speaks 0.3.1 in
 * practice (containernetworking-plugins since 0.8) speaks 0.4.0 too. A plugin that does not
 * answers with its own "incompatible CNI version" error. Versions before 0.3.0 had no lists
 * and another result format: refused.
 */
final class CniVersions {

  static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");
  static final List<String> READ_AS_0_4_0 = List.of("0.3.0", "0.3.1");

  private static final Pattern SEMVER = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

  private CniVersions() {}

  /**
   * The version to use: the highest supported one among {@code cniVersion} and the spec 1.1
   * {@code cniVersions} list (versions newer than this client are skipped, as the spec's version
   * selection asks).
   */
  static String select(JsonNode cniVersion, JsonNode cniVersions, Object source) {
    List<String> offered = new ArrayList<>();
    if (cniVersions != null && !cniVersions.isNull()) {
      if (!cniVersions.isArray()) {
        throw NameRules.invalid("", source, "cniVersions must be a list of versions");
      }
      for (JsonNode v : cniVersions) {
        offered.add(wellFormed(v, "cniVersions entry", source));
      }
    }
    if (cniVersion != null && !cniVersion.isNull()) {
      offered.add(wellFormed(cniVersion, "cniVersion", source));
    }
    if (offered.isEmpty()) {
      throw NameRules.invalid("", source, "no cniVersion");
    }
    String best = null;
    for (String v : offered) {
      String usable = usable(v);
      if (usable != null && (best == null || compare(usable, best) > 0)) {
        best = usable;
      }
    }
    if (best == null) {
      throw NameRules.invalid("", source, "unsupported cniVersion " + String.join(", ", offered)
          + " (supported: " + String.join(", ", SUPPORTED) + "; 0.3.0 and 0.3.1 read as 0.4.0)");
    }
    return best;
  }

  private static String usable(String version) {
    if (SUPPORTED.contains(version)) {
      return version;
    }
    return READ_AS_0_4_0.contains(version) ? "0.4.0" : null;
  }

  private static String wellFormed(JsonNode v, String what, Object source) {
    if (!v.isTextual() || !SEMVER.matcher(v.textValue()).matches()) {
      throw NameRules.invalid("", source, what + " " + v + " is not a version like 1.0.0");
    }
    return v.textValue();
  }

  static int compare(String a, String b) {
    Matcher x = SEMVER.matcher(a);
    Matcher y = SEMVER.matcher(b);
    if (!x.matches() || !y.matches()) {
      throw new IllegalArgumentException("not a version: " + a + " or " + b);
    }
    for (int i = 1; i <= 3; i++) {
      int c = Integer.compare(Integer.parseInt(x.group(i)), Integer.parseInt(y.group(i)));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
