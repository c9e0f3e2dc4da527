package dev.coracle.server.network;

import dev.coracle.cni.exec.PodRuntimeConf;
import dev.coracle.core.error.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pod's traffic limits as Kubernetes writes them: the annotations
 * {@code kubernetes.io/ingress-bandwidth} and {@code kubernetes.io/egress-bandwidth}, in bits per
 * second as Kubernetes quantities ({@code 10M}, {@code 1Gi}, {@code 500k}), for CNI's
 * {@code bandwidth} capability.
 */
final class BandwidthAnnotations {

  static final String INGRESS = "kubernetes.io/ingress-bandwidth";
  static final String EGRESS = "kubernetes.io/egress-bandwidth";
  /** The bucket the bandwidth plugin gets when only a rate is given: large, so bursts are not cut. */
  static final long BURST_BITS = Integer.MAX_VALUE;

  private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

  private BandwidthAnnotations() {}

  /** The limits the annotations ask for; null when they ask for none. */
  static PodRuntimeConf.Bandwidth of(Map<String, String> annotations) {
    long ingress = rate(annotations, INGRESS);
    long egress = rate(annotations, EGRESS);
    if (ingress == 0 && egress == 0) {
      return null;
    }
    return new PodRuntimeConf.Bandwidth(ingress, ingress == 0 ? 0 : BURST_BITS, egress, egress == 0 ? 0 : BURST_BITS);
  }

  private static long rate(Map<String, String> annotations, String key) {
    String text = annotations.get(key);
    if (text == null || text.isBlank()) {
      return 0;
    }
    Matcher m = QUANTITY.matcher(text.strip());
    if (!m.matches()) {
      throw new InvalidArgumentException("annotation " + key + ": \"" + text + "\" is not a quantity such as 10M");
    }
    BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(m.group(2))));
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new InvalidArgumentException("annotation " + key + ": \"" + text + "\" is out of range");
    }
    return value.longValue();
  }

  private static long multiplier(String suffix) {
    if (suffix == null) {
      return 1;
    }
    return switch (suffix) {
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      case "P" -> 1_000_000_000_000_000L;
      case "E" -> 1_000_000_000_000_000_000L;
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "Pi" -> 1L << 50;
      case "Ei" -> 1L << 60;
      default -> throw new IllegalStateException(suffix);
    };
  }
}
