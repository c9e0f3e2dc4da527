/**
 * The wrapper over {@code computecore.dll}: {@link dev.coracle.hcs.compute.Hcs} for compute
 * systems and the service, {@link dev.coracle.hcs.compute.HcsSystem} and {@link
 * dev.coracle.hcs.compute.HcsProcess} for open handles. It runs the operation model of
 * WINDOWS.md §1.3 for every call, frees every returned string, closes every handle it opens
 * and maps every failure to {@link dev.coracle.hcs.compute.HcsException}, whose {@link
 * dev.coracle.hcs.compute.HResult} classifies the code (§1.4). The backend sees documents as
 * JSON strings; building them is not this package's job.
 */
package dev.coracle.hcs.compute;
