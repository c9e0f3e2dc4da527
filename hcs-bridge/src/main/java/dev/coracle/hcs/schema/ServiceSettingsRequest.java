package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ModificationRequest} for {@code HcsModifyServiceSettings}: a property type and
 * its settings (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceSettingsRequest(
    @JsonProperty("PropertyType") String propertyType, @JsonProperty("Settings") Object settings) {}
