/** The file systems mounted into a Linux container, as {@link dev.coracle.core.oci.spec.Spec.Mount} values. */
package dev.coracle.core.oci.mounts;
