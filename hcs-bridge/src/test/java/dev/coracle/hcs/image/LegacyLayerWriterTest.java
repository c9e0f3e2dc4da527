package dev.coracle.hcs.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Windows layer above a base: its legacy staging directory and the steps after ImportLayer, against a recording kernel32. */
class LegacyLayerWriterTest {

  private static final byte[] SD = {1, 0, 4, (byte) 0x80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final String SD64 = Base64.getEncoder().encodeToString(SD);
  /** 2023-11-14T22:13:20Z, every test entry's mtime, in 100 ns since 1601. */
  private static final long MODIFIED = 133444736000000000L;

  @TempDir
  Path temp;

  private final RecordingBackupApi api = new RecordingBackupApi();
  private final List<Boolean> stagingSeenByImport = new ArrayList<>();
  private RuntimeException importFailure;

  private record Stream(int id, String name, byte[] data) {}

  private static WindowsTar deltaLayer() {
    return new WindowsTar()
        .dir("Files", Map.of("MSWINDOWS.fileattr", "16"))
        .dir("Files/app", Map.of("MSWINDOWS.fileattr", "16", "MSWINDOWS.rawsd", SD64,
            "LIBARCHIVE.creationtime", "1600000000.5"))
        .file("Files/app/run.exe", "MZ run", Map.of("MSWINDOWS.fileattr", "32", "MSWINDOWS.rawsd", SD64,
            "MSWINDOWS.xattr.$KERNEL.X", Base64.getEncoder().encodeToString(new byte[] {7, 8})))
        .file("Files/app/run.exe:Zone.Identifier", "[ZoneTransfer]", Map.of())
        .hardLink("Files/app/run2.exe", "Files/app/run.exe")
        .file("Files/app/empty.txt", "", Map.of("MSWINDOWS.fileattr", "32"))
        .whiteout("Files/app/.wh.old.dll")
        .symlink("Files/app/lib", "C:\\lib", Map.of("MSWINDOWS.fileattr", "1040", "MSWINDOWS.mountpoint", "1"))
        .dir("Hives", Map.of("MSWINDOWS.fileattr", "16"))
        .file("Hives/Software_Delta", "regf delta", Map.of("MSWINDOWS.fileattr", "32", "MSWINDOWS.rawsd", SD64));
  }

  private WindowsLayerImporter importer() {
    return new WindowsLayerImporter(BackupLayerWriter.factory(api), (dir, utilityVm) -> api.calls.add("setupBase"),
        (layer, staging, parents) -> {
          api.calls.add("ImportLayer " + parents.size());
          stagingSeenByImport.add(Files.isDirectory(staging));
          if (importFailure != null) {
            throw importFailure;
          }
          try {
            Files.createDirectories(layer.resolve("Files")); // what the import made
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private Path importDelta(WindowsTar tar) throws IOException {
    Path layer = Files.createDirectory(temp.resolve("layer"));
    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()),
        List.of(temp.resolve("base")));
    return layer;
  }

  @Test
  void deltaLayer_filesAndDirectories_areAttributesThenRawBackupStreams() throws IOException {
    importDelta(deltaLayer());

    assertEquals(List.of("staging\\Files.$wcidirs$", "staging\\Files\\app.$wcidirs$", "staging\\Files\\app\\run.exe",
        "staging\\Files\\app\\empty.txt", "staging\\Files\\app\\lib.$wcidirs$", "staging\\Hives.$wcidirs$"),
        List.copyOf(api.plain.keySet()));
    assertEquals(Set.of("staging\\Files", "staging\\Files\\app", "staging\\Files\\app\\lib", "staging\\Hives"),
        api.directories);

    ByteBuffer run = plain("staging\\Files\\app\\run.exe");
    assertEquals(32, run.getInt());
    List<Stream> streams = decode(run);
    assertEquals(List.of(3, 2, 1, 4), streams.stream().map(Stream::id).toList());
    assertArrayEquals(SD, streams.get(0).data());
    assertEquals("MZ run", new String(streams.get(2).data(), StandardCharsets.UTF_8));
    assertEquals(":Zone.Identifier:$DATA", streams.get(3).name());
    assertEquals("[ZoneTransfer]", new String(streams.get(3).data(), StandardCharsets.UTF_8));

    ByteBuffer app = plain("staging\\Files\\app.$wcidirs$");
    assertEquals(16, app.getInt());
    assertEquals(List.of(3), decode(app).stream().map(Stream::id).toList());

    ByteBuffer empty = plain("staging\\Files\\app\\empty.txt");
    assertEquals(32, empty.getInt());
    List<Stream> emptyStreams = decode(empty);
    assertEquals(List.of(1), emptyStreams.stream().map(Stream::id).toList(), "an empty file still has its data stream");
    assertEquals(0, emptyStreams.get(0).data().length);

    ByteBuffer lib = plain("staging\\Files\\app\\lib.$wcidirs$");
    assertEquals(1040, lib.getInt());
    List<Stream> libStreams = decode(lib);
    assertEquals(List.of(8), libStreams.stream().map(Stream::id).toList());
    assertEquals(BackupStreams.IO_REPARSE_TAG_MOUNT_POINT,
        ByteBuffer.wrap(libStreams.get(0).data()).order(ByteOrder.LITTLE_ENDIAN).getInt());

    ByteBuffer files = plain("staging\\Files.$wcidirs$");
    assertEquals(16, files.getInt());
    assertFalse(files.hasRemaining());
  }

  @Test
  void deltaLayer_hiveDelta_isWrittenThroughBackupWriteWithoutSecurity_andNoAttributePrefix() throws IOException {
    importDelta(deltaLayer());

    assertFalse(api.plain.containsKey("staging\\Hives\\Software_Delta"));
    assertEquals(Set.of("staging\\Hives\\Software_Delta"), api.withoutSecurity);
    List<Stream> streams = decode(ByteBuffer.wrap(api.written.get("staging\\Hives\\Software_Delta").toByteArray())
        .order(ByteOrder.LITTLE_ENDIAN));
    assertEquals(List.of(3, 1), streams.stream().map(Stream::id).toList());
    assertEquals("regf delta", new String(streams.get(1).data(), StandardCharsets.UTF_8));
    assertEquals(Set.of("staging\\Hives\\Software_Delta"), api.written.keySet(), "nothing else goes through BackupWrite");
  }

  @Test
  void deltaLayer_stagingFiles_carryTheTimes_notTheAttributes() throws IOException {
    importDelta(deltaLayer());

    BackupApi.FileBasicInfo run = api.basicInfo.get("staging\\Files\\app\\run.exe").get(0);
    assertEquals(0, run.FileAttributes);
    assertEquals(MODIFIED, run.LastWriteTime);
    BackupApi.FileBasicInfo app = api.basicInfo.get("staging\\Files\\app.$wcidirs$").get(0);
    assertEquals(0, app.FileAttributes);
    assertEquals(132444736005000000L, app.CreationTime);
  }

  @Test
  void deltaLayer_noTombstonesOrLinksInTheStaging_butAfterTheImport_inOrder() throws IOException {
    api.existing.add("Files\\app\\old.dll");

    Path layer = importDelta(deltaLayer());

    int imported = api.calls.indexOf("ImportLayer 1");
    assertTrue(imported > 0);
    List<String> staging = api.calls.subList(0, imported);
    assertTrue(staging.stream().noneMatch(c -> c.startsWith("CreateHardLinkW") || c.contains("tombstones")
        || c.endsWith(" delete")), staging.toString());
    assertEquals(List.of(
        "CreateFileW Files\\app\\old.dll delete", "CloseHandle Files\\app\\old.dll",
        "CreateFileW Files\\app\\run2.exe delete",
        "CreateHardLinkW Files\\app\\run2.exe -> Files\\app\\run.exe",
        // directory times again, deepest (last written) first
        "CreateFileW Hives existing", "CloseHandle Hives",
        "CreateFileW Files\\app\\lib existing", "CloseHandle Files\\app\\lib",
        "CreateFileW Files\\app existing", "CloseHandle Files\\app",
        "CreateFileW Files existing", "CloseHandle Files"), api.calls.subList(imported + 1, api.calls.size()));
    assertEquals(List.of("Files\\app\\old.dll"), api.deleted);
    BackupApi.FileBasicInfo app = api.basicInfo.get("Files\\app").get(0);
    assertEquals(16, app.FileAttributes);
    assertEquals(132444736005000000L, app.CreationTime);
    assertEquals(MODIFIED, app.LastWriteTime);
    assertEquals(List.of(true), stagingSeenByImport);
    assertEquals(List.of(), api.problems);
    assertEquals(Set.of(), api.openPaths());
    assertEquals(List.of("layer"), names(temp), "the staging directory is gone");
    assertEquals(List.of("Files"), names(layer));
  }

  @Test
  void whiteoutThenTheSamePathAgain_theNewFileIsNotDeletedAfterTheImport() throws IOException {
    api.existing.add("Files\\old.dll"); // what a delete of the whiteout would find

    importDelta(new WindowsTar().dir("Files", Map.of()).whiteout("Files/.wh.old.dll")
        .file("Files/OLD.dll", "new", Map.of()));

    assertEquals(List.of(), api.deleted);
    assertTrue(api.plain.containsKey("staging\\Files\\OLD.dll"));
  }

  @Test
  void writeFileFails_noHandleNoStagingNoImport() {
    api.failing = "WriteFile";

    InternalException e = assertThrows(InternalException.class, () -> importDelta(deltaLayer()));

    assertEquals("WriteFile failed for Files.$wcidirs$ in a Windows layer: Win32 error 5", e.getMessage());
    assertNothingLeft();
    assertEquals(List.of(), stagingSeenByImport);
  }

  @Test
  void hiveBackupWriteFails_noHandleNoContextNoStagingNoImport() {
    api.failing = "BackupWrite";

    InternalException e = assertThrows(InternalException.class, () -> importDelta(deltaLayer()));

    assertEquals("BackupWrite failed for Hives/Software_Delta in a Windows layer: Win32 error 5", e.getMessage());
    assertNothingLeft();
    assertEquals(List.of(), api.problems);
    assertEquals(List.of(), stagingSeenByImport);
  }

  @Test
  void importFails_noStepAfterIt_noHandleNoStaging() {
    importFailure = new InternalException("ImportLayer failed");

    assertThrows(InternalException.class, () -> importDelta(deltaLayer()));

    assertEquals("ImportLayer 1", api.calls.get(api.calls.size() - 1));
    assertNothingLeft();
  }

  @Test
  void stepAfterImportFails_theLayerIsEmptied_noHandleNoStaging() throws IOException {
    api.failing = "CreateHardLinkW";

    InternalException e = assertThrows(InternalException.class, () -> importDelta(deltaLayer()));

    assertEquals("CreateHardLinkW failed for Files/app/run2.exe in a Windows layer: Win32 error 5", e.getMessage());
    assertNothingLeft();
    assertEquals(List.of(), names(temp.resolve("layer")));
  }

  @Test
  void whiteoutOutsideFiles_isRefused() {
    WindowsTar tar = new WindowsTar().dir("Hives", Map.of()).whiteout("Hives/.wh.System_Delta");

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> importDelta(tar));

    assertEquals("a Windows layer deletes only inside Files/, not Hives/System_Delta", e.getMessage());
    assertNothingLeft();
  }

  @Test
  void afterImport_ofAWriterNeverClosed_isRefused() {
    LegacyLayerWriter writer = new LegacyLayerWriter(api, temp);

    assertThrows(dev.coracle.core.error.FailedPreconditionException.class, () -> writer.afterImport(temp));
    assertEquals(List.of(), api.calls);
  }

  private void assertNothingLeft() {
    assertEquals(Set.of(), api.openPaths());
    try {
      assertEquals(List.of("layer"), names(temp), "no staging directory");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ByteBuffer plain(String path) {
    return ByteBuffer.wrap(api.plain.get(path).toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static List<String> names(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The WIN32_STREAM_IDs from the buffer's position to its end. */
  private static List<Stream> decode(ByteBuffer b) {
    List<Stream> streams = new ArrayList<>();
    while (b.hasRemaining()) {
      int id = b.getInt();
      b.getInt();
      long size = b.getLong();
      byte[] name = new byte[b.getInt()];
      b.get(name);
      byte[] data = new byte[(int) size];
      b.get(data);
      streams.add(new Stream(id, new String(name, StandardCharsets.UTF_16LE), data));
    }
    return streams;
  }
}
