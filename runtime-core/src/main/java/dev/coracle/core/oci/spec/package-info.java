/**
 * The OCI runtime specification (1.1.0) as Java records, and the writing of a bundle's
 * {@code config.json}. Pure data: depends on Jackson and the core's errors only, and on no other
 * package of the runtime; the steps that fill a {@link dev.coracle.core.oci.spec.Spec} in live
 * elsewhere.
 */
package dev.coracle.core.oci.spec;
