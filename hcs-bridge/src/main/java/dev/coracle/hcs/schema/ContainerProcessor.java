package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coracle.core.error.InvalidArgumentException;

/**
 * HCS schema {@code Container_Processor}: at most one of {@code Count} (CPUs), {@code Maximum}
 * (cycles per 10000 across all CPUs) and {@code Weight} (0–10000), which HCS and hcsshim treat as
 * mutually exclusive (WINDOWS.md §2a, §8).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerProcessor(
    @JsonProperty("Count") Integer count,
    @JsonProperty("Maximum") Integer maximum,
    @JsonProperty("Weight") Integer weight) {

  public ContainerProcessor {
    int set = (count != null ? 1 : 0) + (maximum != null ? 1 : 0) + (weight != null ? 1 : 0);
    if (set > 1) {
      throw new InvalidArgumentException(
          "processor Count, Maximum and Weight are mutually exclusive, got " + this);
    }
  }

  public static ContainerProcessor ofCount(int count) {
    return new ContainerProcessor(count, null, null);
  }

  public static ContainerProcessor ofMaximum(int maximum) {
    return new ContainerProcessor(null, maximum, null);
  }

  public static ContainerProcessor ofWeight(int weight) {
    return new ContainerProcessor(null, null, weight);
  }
}
