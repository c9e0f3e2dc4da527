package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCN {@code HostComputeEndpoint}, as HNS reports it (WINDOWS.md §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostComputeEndpoint(
    @JsonProperty("ID") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("HostComputeNetwork") String hostComputeNetwork,
    @JsonProperty("HostComputeNamespace") String hostComputeNamespace,
    @JsonProperty("IpConfigurations") List<IpConfig> ipConfigurations,
    @JsonProperty("Routes") List<Route> routes,
    @JsonProperty("Dns") Dns dns,
    @JsonProperty("MacAddress") String macAddress,
    @JsonProperty("Policies") List<EndpointPolicy> policies,
    @JsonProperty("SchemaVersion") SchemaVersion schemaVersion) {}
