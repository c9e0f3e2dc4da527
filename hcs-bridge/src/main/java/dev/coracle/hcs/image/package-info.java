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
 * <p>A layer with parents is staged on Windows by {@link dev.coracle.hcs.image.LegacyLayerWriter}
 * in the legacy format {@code ImportLayer} reads (hcsshim {@code internal/wclayer/legacy.go},
 * {@code importlayer.go}; the class description gives the format), and after the import the
 * same writer deletes the whiteouts' paths, makes the hard links and sets directory times
 * again in the layer ({@link dev.coracle.hcs.image.WindowsLayerWriter#afterImport}). hcsshim
 * also lets a delta layer carry {@code UtilityVM/} (cloned from the parent, then
 * {@code ProcessUtilityVMImage}), which this importer, following WINDOWS.md §3, refuses. The
 * process needs SeBackupPrivilege, SeRestorePrivilege and SeSecurityPrivilege enabled around
 * an import (hcsshim {@code winio.RunWithPrivileges}); enabling them is the backend's.
 */
package dev.coracle.hcs.image;
