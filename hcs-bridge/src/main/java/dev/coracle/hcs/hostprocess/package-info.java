/**
 * HostProcess containers (WINDOWS.md §6, KEP-1981): host processes in a job object, which HCS
 * does not run. {@link dev.coracle.hcs.hostprocess.JobObjectHostProcesses} implements the
 * backend's {@link dev.coracle.hcs.backend.HostProcesses} over the raw {@link
 * dev.coracle.hcs.nativeapi.JobApi} and {@link dev.coracle.hcs.storage.LayerStorage}; on Linux
 * {@code dev.coracle.hcs.fake.FakeJobs} and {@code FakeWindows} stand in for both.
 *
 * <p>Uses: {@code nativeapi}, {@code storage}, {@code document} (job limits, command lines),
 * {@code compute} (the error type) and runtime-core's errors and cleanup stack. Used by: the
 * daemon's wiring only; the backend sees the interface.
 */
package dev.coracle.hcs.hostprocess;
