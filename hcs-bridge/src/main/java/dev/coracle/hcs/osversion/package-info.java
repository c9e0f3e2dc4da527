/**
 * Windows OS versions and which image builds a host runs with which isolation (WINDOWS.md §5):
 * {@link dev.coracle.hcs.osversion.OsVersion}, the named builds
 * ({@link dev.coracle.hcs.osversion.WindowsBuilds}), the rule
 * ({@link dev.coracle.hcs.osversion.BuildCompatibility}) used at pull and at create, and the
 * host's version ({@link dev.coracle.hcs.osversion.HostVersion}: ntdll and the registry on
 * Windows, a fixed one in tests and the simulated mode).
 */
package dev.coracle.hcs.osversion;
