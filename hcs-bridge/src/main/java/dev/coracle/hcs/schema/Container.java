package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCS schema {@code Container}: a process-isolated or hosted container (WINDOWS.md §2a, §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Container(
    @JsonProperty("GuestOs") GuestOs guestOs,
    @JsonProperty("Storage") Storage storage,
    @JsonProperty("MappedDirectories") List<MappedDirectory> mappedDirectories,
    @JsonProperty("MappedPipes") List<MappedPipe> mappedPipes,
    @JsonProperty("Memory") ContainerMemory memory,
    @JsonProperty("Processor") ContainerProcessor processor,
    @JsonProperty("Networking") Networking networking,
    @JsonProperty("HvSocket") HvSocket hvSocket,
    @JsonProperty("ContainerCredentialGuard") ContainerCredentialGuard containerCredentialGuard,
    @JsonProperty("RegistryChanges") RegistryChanges registryChanges) {}
