package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCS schema {@code VirtualSmb}: the utility VM's VSMB shares (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmb(
    @JsonProperty("Shares") List<VirtualSmbShare> shares,
    @JsonProperty("DirectFileMappingInMB") Long directFileMappingInMB) {}
