package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code UefiBootEntry}: the device and path the utility VM boots from (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UefiBootEntry(
    @JsonProperty("DeviceType") String deviceType,
    @JsonProperty("DevicePath") String devicePath,
    @JsonProperty("DiskNumber") String diskNumber,
    @JsonProperty("OptionalData") String optionalData) {}
