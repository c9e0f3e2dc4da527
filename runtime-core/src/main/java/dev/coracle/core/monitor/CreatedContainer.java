package dev.coracle.core.monitor;

/**
 * A container the OCI runtime has created under conmon's watch, not started yet.
 *
 * @param pid the container's init process, as seen from the host
 * @param conmonPid the conmon process that holds its stdio and will record its exit
 */
public record CreatedContainer(String id, long pid, long conmonPid) {}
