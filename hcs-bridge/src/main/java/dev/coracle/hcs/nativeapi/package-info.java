/**
 * Raw JNA bindings to the Windows DLLs the backend calls, one Java method per exported
 * function with the parameter order of WINDOWS.md §1.2, §1.5 and §1.6: {@code int} HRESULTs,
 * {@link com.sun.jna.Pointer} handles, {@link com.sun.jna.WString} for {@code PCWSTR} and
 * {@link com.sun.jna.ptr.PointerByReference} for out handles and {@code PWSTR*}.
 *
 * <p>Nothing here checks a result, frees memory or closes a handle: the wrappers in
 * {@code dev.coracle.hcs.compute}, {@code dev.coracle.hcs.hcn} and
 * {@code dev.coracle.hcs.storage} do, and they receive the bindings through {@link
 * dev.coracle.hcs.nativeapi.Natives} so that the recording fake in {@code dev.coracle.hcs.fake}
 * can stand in on Linux. The layouts are those of 64-bit Windows.
 */
package dev.coracle.hcs.nativeapi;
