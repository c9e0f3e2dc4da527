package dev.coracle.core.oci.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
    Path target = bundle.resolve(FILE_NAME);
    Path temp = bundle.resolve("." + FILE_NAME + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(SpecJson.write(spec));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(bundle);
    return target;
  }

  /** Reads a bundle's {@code config.json} back. */
  public static Spec read(Path bundle) throws IOException {
    return SpecJson.read(Files.readAllBytes(bundle.resolve(FILE_NAME)), Spec.class);
  }

  // Linux lets a directory be opened read-only and fsync'ed; that is what makes a rename durable.
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
