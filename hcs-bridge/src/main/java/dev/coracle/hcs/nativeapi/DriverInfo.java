package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/**
 * vmcompute's {@code DriverInfo} (WINDOWS.md §1.5): {@code int Flavour}, {@code PCWSTR
 * HomeDir}; 16 bytes on x64. Flavour 1 with an empty home directory makes every layer {@code
 * id} argument an absolute layer directory path, which is the only form the wrapper uses.
 */
@FieldOrder({"Flavour", "HomeDir"})
public final class DriverInfo extends Structure {

  /** The filter-driver flavour that takes absolute layer paths. */
  public static final int FLAVOUR_FILTER = 1;

  public int Flavour;
  public WString HomeDir;

  public DriverInfo() {
  }

  /** {@code {Flavour = 1, HomeDir = ""}}. */
  public static DriverInfo absolutePaths() {
    DriverInfo info = new DriverInfo();
    info.Flavour = FLAVOUR_FILTER;
    info.HomeDir = new WString("");
    return info;
  }
}
