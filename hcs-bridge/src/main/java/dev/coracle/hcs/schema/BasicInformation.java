package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCS service property {@code Basic}: the schema versions the host supports (WINDOWS.md §2d). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BasicInformation(
    @JsonProperty("SupportedSchemaVersions") List<SchemaVersion> supportedSchemaVersions) {}
