package dev.coracle.hcs.image;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Windows base layer the way Windows itself restores files (WINDOWS.md §3, hcsshim's
 * base layer writer): each object created under the layer directory with backup semantics,
 * its attributes and times set, then its security descriptor, EAs, reparse data, contents and
 * alternate data streams written as {@code BackupWrite} streams; hard links with
 * {@code CreateHardLinkW}. Directory times are set again at the end, since writing their
 * children changed them. The process needs SeBackupPrivilege, SeRestorePrivilege and
 * SeSecurityPrivilege enabled.
 *
 * <p>Layers above a base are written by {@link LegacyLayerWriter} into a staging directory in
 * the format {@code ImportLayer} reads; {@link #factory} picks the writer.
 */
public final class BackupLayerWriter implements WindowsLayerWriter {

  private static final int ACCESS = BackupApi.GENERIC_READ | BackupApi.GENERIC_WRITE | BackupApi.WRITE_DAC
      | BackupApi.WRITE_OWNER | BackupApi.ACCESS_SYSTEM_SECURITY;

  private final Win32Files files;
  private final List<WindowsLayerEntry> directories = new ArrayList<>();
  private Pointer current;
  private String currentPath;
  private PointerByReference context;
  /** Set once a call failed: the layer is abandoned, so directory times are not set again. */
  private boolean broken;

  BackupLayerWriter(BackupApi api, Path root) {
    this.files = new Win32Files(api, root);
  }

  /**
   * Writers over {@code api}: this one for a base layer (written in place), a
   * {@link LegacyLayerWriter} staging a layer with parents for {@code ImportLayer}, its steps
   * after the import included (WINDOWS.md §3).
   */
  public static Factory factory(BackupApi api) {
    return (root, parents) -> parents.isEmpty() ? new BackupLayerWriter(api, root) : new LegacyLayerWriter(api, root);
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
    boolean directory = entry.kind() == WindowsLayerEntry.Kind.DIRECTORY
        || (entry.attributes() & WindowsLayerEntry.FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (directory) {
      files.createDirectory(entry.path());
      directories.add(entry);
    }
    current = files.open(entry.path(), ACCESS, directory ? BackupApi.OPEN_EXISTING : BackupApi.CREATE_NEW);
    currentPath = entry.path();
    context = new PointerByReference();
    files.setBasicInfo(current, entry.path(), entry, entry.attributes());
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
    if (entry.kind() == WindowsLayerEntry.Kind.FILE && entry.size() > 0) {
      write(BackupStreams.header(BackupStreams.BACKUP_DATA, entry.size(), ""));
      copy(data, entry.size());
    }
  }

  @Override
  public void link(String path, String target) {
    try {
      finishCurrent();
      files.hardLink(path, target);
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** A base layer has nothing below it to delete; the importer refuses its whiteouts first. */
  @Override
  public void remove(String path) {
    throw new InvalidArgumentException("a base layer has nothing below it to delete: " + path);
  }

  @Override
  public void close() {
    finishCurrent();
    if (broken) {
      return;
    }
    // Children changed their directories' times: set them again, deepest first.
    for (int i = directories.size() - 1; i >= 0; i--) {
      WindowsLayerEntry directory = directories.get(i);
      Pointer handle = files.open(directory.path(), ACCESS, BackupApi.OPEN_EXISTING);
      try {
        files.setBasicInfo(handle, directory.path(), directory, directory.attributes());
      } finally {
        files.close(handle, directory.path());
      }
    }
    directories.clear();
  }

  /** Ends the BackupWrite session of the current object (freeing its context) and closes it. */
  private void finishCurrent() {
    if (current == null) {
      return;
    }
    Pointer handle = current;
    String path = currentPath;
    current = null;
    currentPath = null;
    PointerByReference ending = context;
    context = null;
    try {
      files.endBackup(handle, path, true, ending);
    } finally {
      files.close(handle, path);
    }
  }

  private void write(byte[] bytes) {
    write(bytes, bytes.length);
  }

  private void write(byte[] bytes, int length) {
    files.backupWrite(current, currentPath, bytes, length, true, context);
  }

  private void copy(InputStream data, long size) {
    EntryData.copy(data, size, currentPath, this::write);
  }

}
