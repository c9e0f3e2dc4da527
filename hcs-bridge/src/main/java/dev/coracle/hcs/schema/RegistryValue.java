package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code RegistryValue}: one value to add; {@code Type} is None, String, ExpandedString,
 * MultiString, Binary, DWord, QWord or CustomType (WINDOWS.md §2a).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RegistryValue(
    @JsonProperty("Key") RegistryKey key,
    @JsonProperty("Name") String name,
    @JsonProperty("Type") String type,
    @JsonProperty("StringValue") String stringValue,
    @JsonProperty("BinaryValue") String binaryValue,
    @JsonProperty("DWordValue") Long dwordValue,
    @JsonProperty("QWordValue") Long qwordValue,
    @JsonProperty("CustomType") Long customType) {}
