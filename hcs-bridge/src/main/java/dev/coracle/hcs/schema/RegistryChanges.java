package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code RegistryChanges}: values added to and keys deleted from the container's
 * registry (WINDOWS.md §2a).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RegistryChanges(
    @JsonProperty("AddValues") List<RegistryValue> addValues,
    @JsonProperty("DeleteKeys") List<RegistryKey> deleteKeys) {}
