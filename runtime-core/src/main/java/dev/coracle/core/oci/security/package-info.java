/**
 * What confines a Linux container: its capabilities, seccomp filter, masked and read-only /proc
 * and /sys paths, and which sysctls a pod may set. Pure functions of their inputs (the host's
 * architecture, kernel version and capability set are passed in), producing
 * {@link dev.coracle.core.oci.spec} values; no processes, no CRI types.
 */
package dev.coracle.core.oci.security;
