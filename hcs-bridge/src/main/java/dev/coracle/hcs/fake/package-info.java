/**
 * A recording fake of the Windows DLLs behind {@link dev.coracle.hcs.nativeapi.Natives}: a
 * small, believable model of a Windows host (compute systems, processes and their pipes, HCN
 * namespaces and endpoints, layers as directories) that records every call, checks handle and
 * string lifetimes, and injects failures. {@link dev.coracle.hcs.fake.FakeWindows} is the
 * entry point; {@link dev.coracle.hcs.fake.FakeJobs} does the same for the job-object calls of
 * {@link dev.coracle.hcs.nativeapi.JobApi} (HostProcess containers). It lives in the main sources because the daemon can also run on it, in a
 * simulated-Windows mode for the conformance suite.
 */
package dev.coracle.hcs.fake;
