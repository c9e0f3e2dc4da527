package dev.coracle.core.image.testing;

import com.github.luben.zstd.ZstdOutputStream;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A layer tar compressed into a file, with the two digests an image needs: the blob's (in the
 * manifest) and the uncompressed tar's (the config's diff_id). The file is the caller's to delete.
 */
record CompressedLayer(Path file, Digest digest, Digest diffId, long size, Compression compression) {

  /** gzip at the default level; incompressible bulk data uses {@link Deflater#BEST_SPEED}. */
  static CompressedLayer write(LayerTar layer, Compression compression, int gzipLevel) {
    try {
      Path file = Files.createTempFile("coracle-layer-", ".blob");
      MessageDigest blobHash = Digest.newSha256();
      MessageDigest tarHash = Digest.newSha256();
      try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
          DigestOutputStream blobOut = new DigestOutputStream(fileOut, blobHash);
          OutputStream compressed = compressor(blobOut, compression, gzipLevel);
          DigestOutputStream tarOut = new DigestOutputStream(compressed, tarHash)) {
        layer.writeTo(tarOut);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return new CompressedLayer(file, Digest.of("sha256", blobHash), Digest.of("sha256", tarHash), Files.size(file),
          compression);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OutputStream compressor(OutputStream out, Compression compression, int gzipLevel)
      throws IOException {
    return switch (compression) {
      case NONE -> out;
      case GZIP -> new LevelledGzip(out, gzipLevel);
      case ZSTD -> new ZstdOutputStream(out, 3);
    };
  }

  /** java.util.zip writes a fixed header (mtime 0), so the same tar always compresses alike. */
  private static final class LevelledGzip extends GZIPOutputStream {
    LevelledGzip(OutputStream out, int level) throws IOException {
      super(out, 1 << 16);
      def.setLevel(level);
    }
  }
}
