package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ContainerCredentialGuardState}: a gMSA credential-guard instance as {@code
 * Container.ContainerCredentialGuard} takes it (WINDOWS.md §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCredentialGuard(
    @JsonProperty("Cookie") String cookie,
    @JsonProperty("RpcEndpoint") String rpcEndpoint,
    @JsonProperty("Transport") String transport,
    @JsonProperty("CredentialSpec") String credentialSpec) {}
