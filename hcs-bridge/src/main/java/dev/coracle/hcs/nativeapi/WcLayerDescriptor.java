package dev.coracle.hcs.nativeapi;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/**
 * {@code WC_LAYER_DESCRIPTOR} (WINDOWS.md §1.5): {@code GUID LayerId} (the layer directory's
 * {@code NameToGuid} of its base name), {@code ULONG Flags} (0), {@code PCWSTR Path}; 32 bytes
 * on x64. Arrays passed to vmcompute must be contiguous: make them with {@code
 * new WcLayerDescriptor().toArray(n)}.
 */
@FieldOrder({"LayerId", "Flags", "Path"})
public final class WcLayerDescriptor extends Structure {

  public Guid LayerId = new Guid();
  public int Flags;
  public WString Path;
}
