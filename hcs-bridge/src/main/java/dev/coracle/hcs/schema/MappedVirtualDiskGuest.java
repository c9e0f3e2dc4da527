package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The guest settings of a SCSI disk mounted in a utility VM (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MappedVirtualDiskGuest(
    @JsonProperty("ContainerPath") String containerPath, @JsonProperty("Lun") Integer lun) {}
