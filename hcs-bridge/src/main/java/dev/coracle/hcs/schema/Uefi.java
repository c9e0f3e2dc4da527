package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Uefi}: the boot entry (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Uefi(@JsonProperty("BootThis") UefiBootEntry bootThis) {}
