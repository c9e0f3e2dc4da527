/**
 * Windows images: which index entry a pull takes
 * ({@link dev.coracle.hcs.image.WindowsPlatformPolicy}, WINDOWS.md §5) and how a Windows layer
 * tar becomes a layer ({@link dev.coracle.hcs.image.WindowsLayerImporter}, §3), plugged into
 * runtime-core's {@code ImageManager} through its {@code PlatformPolicy} and
 * {@code LayerImporter} seams.
 *
 * <p>The importer checks every entry and hands the objects to a
 * {@link dev.coracle.hcs.image.WindowsLayerWriter}: {@link dev.coracle.hcs.image.DirectoryLayerWriter}
 * on Linux (plain files and a metadata sidecar), {@link dev.coracle.hcs.image.BackupLayerWriter}
 * on Windows. A base layer is then set up through {@link dev.coracle.hcs.image.BaseLayerSetup};
 * any other is staged and imported through {@link dev.coracle.hcs.image.ImportSeam}. The backend
 * binds both seams to its layer storage calls (§1.5).
 *
 * <p>Not done yet: writing a non-base layer on Windows. The plan, from hcsshim
 * ({@code internal/wclayer/legacy.go}, {@code importlayer.go}): {@code ImportLayer} reads a
 * staging directory in the legacy format, where each object under {@code Files\} is a plain
 * file holding its 32-bit attributes and then its raw backup streams (security, EA, reparse,
 * data, alternate data; {@link dev.coracle.hcs.image.BackupStreams} encodes them), a
 * directory being the file {@code <dir>.$wcidirs$} beside an empty directory of its name;
 * {@code Hives\} entries go through {@code BackupWrite} without security processing; a
 * {@code UtilityVM\Files} change is applied to a clone of the parent's utility VM in the
 * layer itself. After {@code ImportLayer}: tombstoned paths are deleted from the layer, the
 * hard links (targets looked up in this layer, then the parents) are made, directory times
 * are set again, and a layer with a utility VM gets {@code ProcessUtilityVMImage}. So the
 * delta writer needs a step after the import seam (a method on the writer, or the seam's
 * binding doing it); until it exists {@link dev.coracle.hcs.image.BackupLayerWriter#factory}
 * refuses layers with parents as unimplemented. hcsshim also lets a delta layer carry
 * {@code UtilityVM/}, which this importer, following WINDOWS.md §3, refuses. The process
 * needs SeBackupPrivilege, SeRestorePrivilege and SeSecurityPrivilege enabled around an
 * import (hcsshim {@code winio.RunWithPrivileges}); enabling them is the backend's.
 */
package dev.coracle.hcs.image;
