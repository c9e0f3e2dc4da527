package dev.coracle.core.monitor;

import java.time.Instant;

/**
 * A container's end as conmon recorded it.
 *
 * @param exitCode the exit status; 128 + signal when a signal ended it (143 for SIGTERM)
 * @param exitTime when conmon wrote the exit file, right after the container's init exited
 */
public record ContainerExit(String containerId, int exitCode, Instant exitTime) {}
