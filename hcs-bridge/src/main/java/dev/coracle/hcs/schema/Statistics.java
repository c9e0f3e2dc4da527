package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code Statistics}; {@code Timestamp} and {@code ContainerStartTime} are ISO-8601
 * (WINDOWS.md §2d, §9).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Statistics(
    @JsonProperty("Timestamp") String timestamp,
    @JsonProperty("ContainerStartTime") String containerStartTime,
    @JsonProperty("Uptime100ns") long uptime100ns,
    @JsonProperty("Processor") ProcessorStats processor,
    @JsonProperty("Memory") MemoryStats memory,
    @JsonProperty("Storage") StorageStats storage) {}
