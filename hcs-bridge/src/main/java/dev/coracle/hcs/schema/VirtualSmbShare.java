package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code VirtualSmbShare}: a host directory shared into the utility VM (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmbShare(
    @JsonProperty("Name") String name,
    @JsonProperty("Path") String path,
    @JsonProperty("AllowedFiles") List<String> allowedFiles,
    @JsonProperty("Options") VirtualSmbShareOptions options) {}
