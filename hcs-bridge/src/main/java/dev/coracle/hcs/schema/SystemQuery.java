package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code SystemQuery} for {@code HcsEnumerateComputeSystems}; {@code Types} are
 * Container or VirtualMachine (WINDOWS.md §2a, §2d).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SystemQuery(
    @JsonProperty("Ids") List<String> ids,
    @JsonProperty("Names") List<String> names,
    @JsonProperty("Types") List<String> types,
    @JsonProperty("Owners") List<String> owners) {}
