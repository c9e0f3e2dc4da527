/**
 * The Windows backend over the Host Compute Service (facts: {@code shared/design/WINDOWS.md}).
 *
 * <p>Dependency rules: {@code nativeapi} holds raw JNA interfaces only and depends on nothing
 * here; {@code compute}, {@code hcn} and {@code storage} wrap them and are the only callers of
 * them (besides {@code image}'s backup writer and {@code hostprocess}, which have raw
 * interfaces of their own); {@code schema} and {@code document} are pure and call no native
 * code; {@code backend} ties them together behind {@code core.backend.PodBackend}; {@code fake}
 * implements the raw interfaces and is used by tests and by the simulated node only. Nothing
 * here imports gRPC or the generated CRI messages.
 */
package dev.coracle.hcs;
