package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The guest settings that union a container's layers at its root inside a utility VM (WINDOWS.md
 * §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CombinedLayers(
    @JsonProperty("ContainerRootPath") String containerRootPath,
    @JsonProperty("Layers") List<Layer> layers) {}
