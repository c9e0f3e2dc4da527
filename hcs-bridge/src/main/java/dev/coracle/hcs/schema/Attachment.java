package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code Attachment}: a disk on a SCSI controller (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Attachment(
    @JsonProperty("Type") String type,
    @JsonProperty("Path") String path,
    @JsonProperty("ReadOnly") Boolean readOnly) {}
