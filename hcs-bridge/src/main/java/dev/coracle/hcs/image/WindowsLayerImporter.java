package dev.coracle.hcs.image;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.LayerImporter;
import dev.coracle.core.image.unpack.UnpackResult;
import dev.coracle.core.sys.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Imports one Windows layer tar (WINDOWS.md §3): entries under {@code Files/}, {@code Hives/}
 * and, in a base layer, {@code UtilityVM/}; whiteouts, hard links, {@code MSWINDOWS.*} PAX
 * records and alternate data streams; nothing may leave the layer root. A base layer (no
 * parents) is written into the layer directory and handed to {@link BaseLayerSetup}; any
 * other into a staging directory beside it handed to {@link ImportSeam}, then finished by its
 * writer's {@link WindowsLayerWriter#afterImport} and the staging directory deleted. The
 * diff ID is checked before either seam sees the layer, and a failure leaves the layer
 * directory empty and no staging directory behind.
 *
 * <p>Failures: a refused or malformed layer, or one whose diff ID differs, is
 * {@link InvalidArgumentException}; the blob stream failing is
 * {@link dev.coracle.core.error.UnavailableException}; the writer and the seams throw their own.
 */
public final class WindowsLayerImporter implements LayerImporter {

  private final WindowsLayerWriter.Factory writers;
  private final BaseLayerSetup base;
  private final ImportSeam imports;

  public WindowsLayerImporter(WindowsLayerWriter.Factory writers, BaseLayerSetup base, ImportSeam imports) {
    this.writers = writers;
    this.base = base;
    this.imports = imports;
  }

  /**
   * @param target an existing, empty directory: the layer
   * @param diffId what the image config says; null skips the check (the caller makes it)
   * @param parents the layers below, top-most first; empty for a base layer
   */
  @Override
  public UnpackResult unpack(InputStream blob, Compression compression, Path target, Digest diffId, List<Path> parents) {
    requireEmptyDirectory(target);
    boolean ok = false;
    try {
      UnpackResult result = parents.isEmpty()
          ? importBase(blob, compression, target, diffId)
          : importDelta(blob, compression, target, diffId, List.copyOf(parents));
      ok = true;
      return result;
    } finally {
      if (!ok) {
        empty(target);
      }
    }
  }

  private UnpackResult importBase(InputStream blob, Compression compression, Path target, Digest diffId) {
    WindowsLayerWriter writer = writers.open(target, List.of());
    WindowsLayerTar.Result written = write(blob, compression, writer, true, diffId);
    base.setupBase(target, written.hasUtilityVm());
    return new UnpackResult(written.diffId(), written.bytes(), written.inodes());
  }

  private UnpackResult importDelta(InputStream blob, Compression compression, Path target, Digest diffId,
      List<Path> parents) {
    Path staging = target.resolveSibling(target.getFileName() + ".staging-" + UUID.randomUUID());
    try {
      Files.createDirectory(staging);
    } catch (IOException e) {
      throw new InternalException("cannot create the staging directory " + staging + ": " + e.getMessage(), e);
    }
    RuntimeException failure = null;
    try {
      WindowsLayerWriter writer = writers.open(staging, parents);
      WindowsLayerTar.Result written = write(blob, compression, writer, false, diffId);
      imports.importLayer(target, staging, parents);
      writer.afterImport(target);
      return new UnpackResult(written.diffId(), written.bytes(), written.inodes());
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      delete(staging, failure);
    }
  }

  /** Writes the whole tar and closes the writer, then checks the diff ID. */
  private static WindowsLayerTar.Result write(InputStream blob, Compression compression, WindowsLayerWriter writer,
      boolean base, Digest diffId) {
    WindowsLayerTar.Result written;
    try (writer) {
      written = WindowsLayerTar.write(blob, compression, base, writer);
    }
    if (diffId != null && !written.diffId().equals(diffId)) {
      throw new InvalidArgumentException("Windows layer has diff ID " + written.diffId()
          + " but the image config says " + diffId);
    }
    return written;
  }

  /** Windows imports a layer against the layers below it. */
  @Override
  public boolean needsParents() {
    return true;
  }

  /**
   * A Windows layer is named by its directory and never moved once imported (WINDOWS.md §1.5,
   * §3): the layer store imports it where it stays, in a directory named by its chain ID.
   */
  @Override
  public boolean importsInPlace() {
    return true;
  }

  private static void requireEmptyDirectory(Path target) {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FailedPreconditionException("cannot import a Windows layer into " + target + ": not a directory");
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
      if (children.iterator().hasNext()) {
        throw new FailedPreconditionException("cannot import a Windows layer into " + target + ": not empty");
      }
    } catch (IOException e) {
      throw new InternalException("cannot list " + target + ": " + e.getMessage(), e);
    }
  }

  private static void empty(Path target) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
      for (Path child : children) {
        FileTrees.delete(child);
      }
    } catch (IOException e) {
      // The layer store deletes its whole temporary directory after a failure anyway.
    }
  }

  /** Deletes the staging directory; failing to, after the import failed, only adds to that failure. */
  private static void delete(Path staging, RuntimeException failure) {
    try {
      FileTrees.delete(staging);
    } catch (IOException e) {
      InternalException cannot =
          new InternalException("cannot delete the staging directory " + staging + ": " + e.getMessage(), e);
      if (failure == null) {
        throw cannot;
      }
      failure.addSuppressed(cannot);
    }
  }
}
