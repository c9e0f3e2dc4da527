package dev.coracle.hcs.image;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Windows layer that has parents into a staging directory in the legacy format
 * vmcompute {@code ImportLayer} reads, and after the import finishes the layer directory
 * (WINDOWS.md §3; the format as hcsshim's {@code internal/wclayer/legacy.go} and
 * {@code importlayer.go} write and read it):
 *
 * <ul>
 *   <li>an object under {@code Files\} is a plain file of its path holding its 32-bit
 *       attributes (little-endian) and then its Win32 backup streams as raw bytes (security,
 *       EAs, reparse data, contents, alternate data streams), the file's times set on it with
 *       attributes 0;
 *   <li>a directory, anywhere, is an empty directory of its path and, beside it, that file
 *       named {@code <dir>.$wcidirs$} (so {@code Files.$wcidirs$} and {@code Hives.$wcidirs$}
 *       at the top);
 *   <li>an object under {@code Hives\} (a registry delta such as {@code Hives\Software_Delta})
 *       is written through {@code BackupWrite} without security processing, so the file holds
 *       the hive bytes themselves, and no attribute prefix;
 *   <li>no tombstones and no hard links: hcsshim removes any {@code tombstones.txt} from the
 *       staging directory (the format {@code ExportLayer} writes: a UTF-8 BOM,
 *       {@code Version 1.0}, one {@code \path} below {@code Files} a line) and instead, after
 *       {@code ImportLayer}, deletes each whiteout's path from the layer directory and makes
 *       the hard links there. Then directory times are set again, deepest first, since both
 *       changed them.
 * </ul>
 *
 * <p>A whiteout outside {@code Files\} is refused, as hcsshim refuses it; so is any
 * {@code UtilityVM\} (the importer already does), which would need the parent's utility VM
 * cloned into the layer and {@code ProcessUtilityVMImage} after. The symbolic-link or
 * junction directories hcsshim keeps out of the staging tree until the end need no such care
 * here: the importer refuses every entry below a link.
 */
final class LegacyLayerWriter implements WindowsLayerWriter {

  static final String DIRECTORY_SUFFIX = ".$wcidirs$";
  private static final String HIVES_PREFIX = WindowsEntryName.HIVES + "/";
  private static final String FILES_PREFIX = WindowsEntryName.FILES + "/";
  private static final int STAGING_ACCESS = BackupApi.GENERIC_READ | BackupApi.GENERIC_WRITE;
  private static final int LAYER_ACCESS = BackupApi.GENERIC_READ | BackupApi.GENERIC_WRITE;

  private record Link(String path, String target) {}

  private final BackupApi api;
  private final Win32Files staging;
  private final List<WindowsLayerEntry> directories = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  /** Paths to delete after the import, by {@link WindowsEntryName#key}: a later entry of the path takes its out. */
  private final Map<String, String> tombstones = new LinkedHashMap<>();
  private Pointer current;
  /** The entry path of the open staging file, and the file's own path (with the suffix for a directory). */
  private String currentPath;
  private String currentFile;
  /** Null while the current file takes plain bytes; the BackupWrite context for a hive. */
  private PointerByReference hiveContext;
  private boolean broken;
  private boolean closed;

  LegacyLayerWriter(BackupApi api, Path staging) {
    this.api = api;
    this.staging = new Win32Files(api, staging);
  }

  @Override
  public void add(WindowsLayerEntry entry, InputStream data) {
    try {
      writeEntry(entry, data);
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  private void writeEntry(WindowsLayerEntry entry, InputStream data) {
    if (entry.kind() == WindowsLayerEntry.Kind.ALTERNATE_STREAM) {
      if (current == null || !entry.path().equals(currentPath)) {
        throw new InvalidArgumentException("the stream " + entry.stream() + " of " + entry.path() + " does not follow its file");
      }
      write(BackupStreams.header(BackupStreams.BACKUP_ALTERNATE_DATA, entry.size(),
          BackupStreams.alternateStreamName(entry.stream())));
      copy(data, entry.size());
      return;
    }
    finishCurrent();
    tombstones.remove(WindowsEntryName.key(entry.path())); // deleted below, made again here
    boolean directory = entry.kind() == WindowsLayerEntry.Kind.DIRECTORY
        || (entry.attributes() & WindowsLayerEntry.FILE_ATTRIBUTE_DIRECTORY) != 0;
    String file = entry.path();
    if (directory) {
      staging.createDirectory(entry.path());
      directories.add(entry);
      file += DIRECTORY_SUFFIX;
    }
    current = staging.open(file, STAGING_ACCESS, BackupApi.CREATE_NEW);
    currentPath = entry.path();
    currentFile = file;
    hiveContext = entry.path().startsWith(HIVES_PREFIX) ? new PointerByReference() : null;
    staging.setBasicInfo(current, file, entry, 0); // the attributes travel in the file, not on it
    if (hiveContext == null) {
      staging.writeFile(current, file, attributes(entry.attributes()), 4);
    }
    if (entry.securityDescriptor() != null) {
      write(BackupStreams.stream(BackupStreams.BACKUP_SECURITY_DATA, entry.securityDescriptor()));
    }
    if (!entry.extendedAttributes().isEmpty()) {
      write(BackupStreams.stream(BackupStreams.BACKUP_EA_DATA,
          BackupStreams.extendedAttributes(entry.extendedAttributes())));
    }
    if (entry.kind() == WindowsLayerEntry.Kind.SYMLINK) {
      write(BackupStreams.stream(BackupStreams.BACKUP_REPARSE_DATA,
          BackupStreams.reparsePoint(entry.linkTarget(), entry.mountPoint())));
    }
    if (entry.kind() == WindowsLayerEntry.Kind.FILE) {
      // go-winio's backuptar writes the data stream of every regular file, empty ones too.
      write(BackupStreams.header(BackupStreams.BACKUP_DATA, entry.size(), ""));
      copy(data, entry.size());
    }
  }

  /** Made in the layer after the import: {@code ImportLayer} knows nothing of links. */
  @Override
  public void link(String path, String target) {
    try {
      finishCurrent();
      if (!path.startsWith(FILES_PREFIX) || !target.startsWith(FILES_PREFIX)) {
        throw new InvalidArgumentException("a hard link in a Windows layer lies inside Files/: " + path + " -> " + target);
      }
      tombstones.remove(WindowsEntryName.key(path));
      links.add(new Link(path, target));
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** Deleted from the layer after the import (a tombstone); only {@code Files\} can lose anything. */
  @Override
  public void remove(String path) {
    if (!path.startsWith(FILES_PREFIX)) {
      broken = true;
      throw new InvalidArgumentException("a Windows layer deletes only inside Files/, not " + path);
    }
    tombstones.put(WindowsEntryName.key(path), path);
  }

  /** Finishes the staging directory: the last file's handle (and backup context) released. */
  @Override
  public void close() {
    closed = true;
    finishCurrent();
  }

  /**
   * The steps after {@code ImportLayer} made {@code layer}, in hcsshim's order: delete every
   * tombstoned path (one already gone is fine), make each hard link (replacing what the
   * import put there), set every directory's times and attributes again, deepest first.
   */
  @Override
  public void afterImport(Path layer) {
    if (!closed || broken) {
      throw new FailedPreconditionException("a Windows layer is finished only after its staging was written whole");
    }
    Win32Files files = new Win32Files(api, layer);
    for (String tombstone : tombstones.values()) {
      files.deleteIfPresent(tombstone);
    }
    for (Link link : links) {
      files.deleteIfPresent(link.path());
      files.hardLink(link.path(), link.target());
    }
    for (int i = directories.size() - 1; i >= 0; i--) {
      WindowsLayerEntry directory = directories.get(i);
      Pointer handle = files.open(directory.path(), LAYER_ACCESS, BackupApi.OPEN_EXISTING);
      try {
        files.setBasicInfo(handle, directory.path(), directory, directory.attributes());
      } finally {
        files.close(handle, directory.path());
      }
    }
  }

  private void finishCurrent() {
    if (current == null) {
      return;
    }
    Pointer handle = current;
    String file = currentFile;
    PointerByReference context = hiveContext;
    current = null;
    currentPath = null;
    currentFile = null;
    hiveContext = null;
    try {
      if (context != null) {
        staging.endBackup(handle, file, false, context);
      }
    } finally {
      staging.close(handle, file);
    }
  }

  private void write(byte[] bytes) {
    write(bytes, bytes.length);
  }

  /** Backup streams: raw into a file under {@code Files\}, through BackupWrite into a hive. */
  private void write(byte[] bytes, int length) {
    if (hiveContext == null) {
      staging.writeFile(current, currentFile, bytes, length);
    } else {
      staging.backupWrite(current, currentFile, bytes, length, false, hiveContext);
    }
  }

  private void copy(InputStream data, long size) {
    EntryData.copy(data, size, currentPath, this::write);
  }


  private static byte[] attributes(int attributes) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(attributes).array();
  }
}
