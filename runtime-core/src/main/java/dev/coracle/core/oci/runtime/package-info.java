/**
 * The OCI runtime programs (runc, crun) driven through their command line, and the process
 * runner seam through which every external program of the runtime is started.
 */
package dev.coracle.core.oci.runtime;
