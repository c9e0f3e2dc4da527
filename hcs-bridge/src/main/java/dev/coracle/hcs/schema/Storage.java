package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code Storage}: the container's root ({@code Path}: a volume GUID path ending in
 * {@code \} for process isolation, the guest root for a hosted container) and its read-only
 * parents, top-most first, base last (WINDOWS.md §2a, §2b, §3).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Storage(
    @JsonProperty("Layers") List<Layer> layers,
    @JsonProperty("Path") String path,
    @JsonProperty("QoS") StorageQoS qos) {}
