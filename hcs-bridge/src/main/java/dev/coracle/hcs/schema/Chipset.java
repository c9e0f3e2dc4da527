package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Chipset}: UEFI firmware (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Chipset(@JsonProperty("Uefi") Uefi uefi) {}
