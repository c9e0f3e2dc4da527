/**
 * The wrapper over {@code computenetwork.dll} (HCN) and vmcompute's {@code HNSCall}: pod
 * network namespaces, their endpoints and endpoint counters (WINDOWS.md §1.6, §4).
 */
package dev.coracle.hcs.hcn;
