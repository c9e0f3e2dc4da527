package dev.coracle.core.oci.spec;

import dev.coracle.core.sys.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a bundle's {@code config.json} so that the OCI runtime, or a daemon restarting after a
 * crash, finds the old document or the new one and never a torn one: the bytes go to a temporary
 * file in the bundle, are synced, and the file is renamed over the target; then the directory is
 * synced so the rename itself survives a power loss.
 */
public final class SpecWriter {

  public static final String FILE_NAME = "config.json";

  private SpecWriter() {}

  /** Writes {@code spec} as {@code bundle/config.json}; the bundle directory must exist. Returns the file. */
  public static Path write(Path bundle, Spec spec) throws IOException {
    if (!Files.isDirectory(bundle)) {
      throw new java.nio.file.NoSuchFileException(bundle.toString(), null, "the bundle directory must exist");
    }
    Path target = bundle.resolve(FILE_NAME);
    AtomicFiles.write(target, SpecJson.write(spec));
    return target;
  }

  /** Reads a bundle's {@code config.json} back. */
  public static Spec read(Path bundle) throws IOException {
    return SpecJson.read(Files.readAllBytes(bundle.resolve(FILE_NAME)), Spec.class);
  }
}
