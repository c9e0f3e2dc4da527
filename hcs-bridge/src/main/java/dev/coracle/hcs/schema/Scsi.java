package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** HCS schema {@code Scsi}: one SCSI controller's attachments by LUN (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Scsi(@JsonProperty("Attachments") Map<String, Attachment> attachments) {}
