package dev.coracle.hcs.nativeapi;

import com.sun.jna.Native;
import java.util.Objects;

/**
 * One instance of every raw binding, handed to the wrappers by constructor so that the
 * recording fake ({@code dev.coracle.hcs.fake.FakeWindows#natives()}) can stand in for the
 * DLLs.
 */
public record Natives(ComputeCore computeCore, ComputeNetwork computeNetwork, ComputeStorage computeStorage,
    VmCompute vmCompute, Kernel32 kernel32, Ole32 ole32, Ntdll ntdll) {

  public Natives {
    Objects.requireNonNull(computeCore, "computeCore");
    Objects.requireNonNull(computeNetwork, "computeNetwork");
    Objects.requireNonNull(computeStorage, "computeStorage");
    Objects.requireNonNull(vmCompute, "vmCompute");
    Objects.requireNonNull(kernel32, "kernel32");
    Objects.requireNonNull(ole32, "ole32");
    Objects.requireNonNull(ntdll, "ntdll");
  }

  /**
   * Loads the DLLs. Call it on Windows only (Server 2019 or newer), never in a test. JNA binds
   * each function at its first call, so a function newer than the host fails then with an
   * {@link UnsatisfiedLinkError}, not here.
   */
  public static Natives load() {
    return new Natives(
        Native.load("computecore", ComputeCore.class),
        Native.load("computenetwork", ComputeNetwork.class),
        Native.load("computestorage", ComputeStorage.class),
        Native.load("vmcompute", VmCompute.class),
        Native.load("kernel32", Kernel32.class),
        Native.load("ole32", Ole32.class),
        Native.load("ntdll", Ntdll.class));
  }
}
