package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCN {@code ModifyNamespaceSettingRequest} for {@code HcnModifyNamespace} (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModifyNamespaceSettingRequest(
    @JsonProperty("ResourceType") String resourceType,
    @JsonProperty("RequestType") String requestType,
    @JsonProperty("Settings") Object settings) {}
