package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code HvSocketServiceConfig}: security descriptors of one hvsocket service
 * (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HvSocketServiceConfig(
    @JsonProperty("BindSecurityDescriptor") String bindSecurityDescriptor,
    @JsonProperty("ConnectSecurityDescriptor") String connectSecurityDescriptor,
    @JsonProperty("AllowWildcardBinds") Boolean allowWildcardBinds,
    @JsonProperty("Disabled") Boolean disabled) {}
