package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCN {@code HostComputeNamespace}; {@code Type} is Host, HostDefault, Guest or GuestDefault
 * (WINDOWS.md §4).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostComputeNamespace(
    @JsonProperty("ID") String id,
    @JsonProperty("NamespaceId") Long namespaceId,
    @JsonProperty("Type") String type,
    @JsonProperty("Resources") List<NamespaceResource> resources,
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion) {}
