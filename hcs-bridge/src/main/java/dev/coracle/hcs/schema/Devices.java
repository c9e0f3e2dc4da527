package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** HCS schema {@code Devices} of a utility VM (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Devices(
    @JsonProperty("Scsi") Map<String, Scsi> scsi,
    @JsonProperty("VirtualSmb") VirtualSmb virtualSmb,
    @JsonProperty("HvSocket") HvSocket2 hvSocket,
    @JsonProperty("NetworkAdapters") Map<String, NetworkAdapter> networkAdapters) {}
