package dev.coracle.core.oci.runtime;

import java.nio.file.Path;

/**
 * What the OCI runtime knows of one container.
 *
 * @param pid the container's init process as seen from the host; 0 once it has stopped
 */
public record ContainerState(String id, ContainerStatus status, long pid, Path bundle) {}
