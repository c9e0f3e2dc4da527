package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code StorageStats} (WINDOWS.md §2d). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StorageStats(
    @JsonProperty("ReadCountNormalized") long readCountNormalized,
    @JsonProperty("ReadSizeBytes") long readSizeBytes,
    @JsonProperty("WriteCountNormalized") long writeCountNormalized,
    @JsonProperty("WriteSizeBytes") long writeSizeBytes) {}
