package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code RegistryKey}: a key by hive (System, Software, Security, Sam) and path
 * (WINDOWS.md §2a).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RegistryKey(
    @JsonProperty("Hive") String hive,
    @JsonProperty("Name") String name,
    @JsonProperty("Volatile") Boolean volatileKey) {}
