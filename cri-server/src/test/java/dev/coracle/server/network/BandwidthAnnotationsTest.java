package dev.coracle.server.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.cni.exec.PodRuntimeConf;
import dev.coracle.core.error.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BandwidthAnnotationsTest {

  @ParameterizedTest
  @CsvSource({"1000, 1000", "10M, 10000000", "500k, 500000", "1Gi, 1073741824", "1.5M, 1500000", "2Mi, 2097152"})
  void of_quantities_areBitsPerSecond(String text, long bits) {
    PodRuntimeConf.Bandwidth limits = BandwidthAnnotations.of(Map.of(BandwidthAnnotations.INGRESS, text));
    assertEquals(bits, limits.ingressRate());
    assertEquals(BandwidthAnnotations.BURST_BITS, limits.ingressBurst());
    assertEquals(0, limits.egressRate());
    assertEquals(0, limits.egressBurst());
  }

  @Test
  void of_noAnnotation_isNoLimit() {
    assertNull(BandwidthAnnotations.of(Map.of("other", "1M")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "10 M", "-1M", "1m", "0"})
  void of_badQuantity_isInvalidArgumentNamingTheAnnotation(String text) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> BandwidthAnnotations.of(Map.of(BandwidthAnnotations.EGRESS, text)));
    assertEquals(true, e.getMessage().contains(BandwidthAnnotations.EGRESS), e.getMessage());
  }
}
