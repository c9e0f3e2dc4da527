package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The result of {@code HcsGetServiceProperties}: one entry per requested property type, in order
 * (WINDOWS.md §2d, §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceProperties(@JsonProperty("Properties") List<JsonNode> properties) {}
