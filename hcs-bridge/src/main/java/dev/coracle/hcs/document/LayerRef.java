package dev.coracle.hcs.document;

/**
 * One read-only layer: its GUID ({@code NameToGuid} of the directory's name, WINDOWS.md §1.5) and
 * its path: the host directory for process isolation, the VSMB guest path inside a utility VM
 * (WINDOWS.md §2b).
 */
public record LayerRef(String id, String path) {

  public LayerRef {
    Inputs.requireText(id, "layer id");
    Inputs.requireText(path, "layer path");
  }
}
