package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * HCS schema {@code HvSocketSystemConfig}: default hvsocket security descriptors and the
 * per-service table (WINDOWS.md §2a, §2b, §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HvSocketSystemConfig(
    @JsonProperty("DefaultBindSecurityDescriptor") String defaultBindSecurityDescriptor,
    @JsonProperty("DefaultConnectSecurityDescriptor") String defaultConnectSecurityDescriptor,
    @JsonProperty("ServiceTable") Map<String, HvSocketServiceConfig> serviceTable) {}
