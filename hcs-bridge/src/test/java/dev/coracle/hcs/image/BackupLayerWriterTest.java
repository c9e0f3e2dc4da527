package dev.coracle.hcs.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import java.io.ByteArrayInputStream;
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

/** The Windows base layer writer against a recording kernel32. */
class BackupLayerWriterTest {

  private static final byte[] SD = {1, 0, 4, (byte) 0x80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final String SD64 = Base64.getEncoder().encodeToString(SD);

  @TempDir
  Path temp;

  private final RecordingBackupApi api = new RecordingBackupApi();
  private final List<String> setup = new ArrayList<>();

  /** One decoded WIN32_STREAM_ID and its bytes. */
  private record Stream(int id, String name, byte[] data) {}

  private static WindowsTar baseLayer() {
    return new WindowsTar()
        .dir("Files", Map.of("MSWINDOWS.fileattr", "16", "MSWINDOWS.rawsd", SD64))
        .file("Files/cmd.exe", "MZ cmd", Map.of("MSWINDOWS.fileattr", "32", "MSWINDOWS.rawsd", SD64,
            "MSWINDOWS.xattr.$KERNEL.X", Base64.getEncoder().encodeToString(new byte[] {7, 8}),
            "LIBARCHIVE.creationtime", "1600000000.5"))
        .file("Files/cmd.exe:Zone.Identifier", "[ZoneTransfer]", Map.of())
        .hardLink("Files/cmd2.exe", "Files/cmd.exe")
        .symlink("Files/Users", "C:\\Users", Map.of("MSWINDOWS.fileattr", "1040", "MSWINDOWS.mountpoint", "1"))
        .dir("Hives", Map.of())
        .dir("UtilityVM", Map.of())
        .dir("UtilityVM/Files", Map.of());
  }

  private WindowsLayerImporter importer() {
    return new WindowsLayerImporter(BackupLayerWriter.factory(api),
        (dir, utilityVm) -> setup.add(dir.getFileName() + " " + utilityVm),
        (dir, staging, parents) -> setup.add("import"));
  }

  private Path layer() throws Exception {
    return Files.createDirectory(temp.resolve("layer"));
  }

  @Test
  void baseLayer_everyObjectCreatedWithBackupSemantics_streamsInOrder_handlesClosed() throws Exception {
    WindowsTar tar = baseLayer();

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of());

    assertEquals(List.of(), api.problems);
    assertEquals(Set.of(), api.openPaths());
    assertEquals(Set.of(), api.withoutSecurity, "a base layer's security descriptors are all applied");
    assertEquals(Map.of(), api.plain);
    assertEquals(List.of("layer true"), setup);
    assertEquals(List.of(
        "CreateDirectoryW Files", "CreateFileW Files existing", "BackupWrite end Files", "CloseHandle Files",
        "CreateFileW Files\\cmd.exe new", "BackupWrite end Files\\cmd.exe", "CloseHandle Files\\cmd.exe",
        "CreateHardLinkW Files\\cmd2.exe -> Files\\cmd.exe",
        "CreateDirectoryW Files\\Users", "CreateFileW Files\\Users existing", "BackupWrite end Files\\Users",
        "CloseHandle Files\\Users",
        "CreateDirectoryW Hives", "CreateFileW Hives existing", "BackupWrite end Hives", "CloseHandle Hives",
        "CreateDirectoryW UtilityVM", "CreateFileW UtilityVM existing", "BackupWrite end UtilityVM",
        "CloseHandle UtilityVM",
        "CreateDirectoryW UtilityVM\\Files", "CreateFileW UtilityVM\\Files existing",
        "BackupWrite end UtilityVM\\Files", "CloseHandle UtilityVM\\Files",
        // directory times again, deepest first
        "CreateFileW UtilityVM\\Files existing", "CloseHandle UtilityVM\\Files",
        "CreateFileW UtilityVM existing", "CloseHandle UtilityVM",
        "CreateFileW Hives existing", "CloseHandle Hives",
        "CreateFileW Files\\Users existing", "CloseHandle Files\\Users",
        "CreateFileW Files existing", "CloseHandle Files"), api.calls);
  }

  @Test
  void baseLayer_fileStreams_securityEasDataThenAlternateStream() throws Exception {
    WindowsTar tar = baseLayer();

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of());

    List<Stream> streams = decode(api.written.get("Files\\cmd.exe").toByteArray());
    assertEquals(List.of(3, 2, 1, 4), streams.stream().map(Stream::id).toList());
    assertArrayEquals(SD, streams.get(0).data());
    // FILE_FULL_EA_INFORMATION: next 0, flags 0, name length 9, value length 2, "$KERNEL.X\0", 7 8
    ByteBuffer ea = ByteBuffer.wrap(streams.get(1).data()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, ea.getInt());
    assertEquals(0, ea.get());
    assertEquals(9, ea.get());
    assertEquals(2, ea.getShort());
    assertEquals(8 + 9 + 1 + 2, streams.get(1).data().length);
    assertEquals("MZ cmd", new String(streams.get(2).data(), StandardCharsets.UTF_8));
    assertEquals(":Zone.Identifier:$DATA", streams.get(3).name());
    assertEquals("[ZoneTransfer]", new String(streams.get(3).data(), StandardCharsets.UTF_8));
  }

  @Test
  void baseLayer_attributesAndTimes_asFileBasicInfo() throws Exception {
    WindowsTar tar = baseLayer();

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of());

    BackupApi.FileBasicInfo cmd = api.basicInfo.get("Files\\cmd.exe").get(0);
    assertEquals(32, cmd.FileAttributes);
    // 2020-09-13T12:26:40.5Z and 2023-11-14T22:13:20Z in 100 ns since 1601
    assertEquals(132444736005000000L, cmd.CreationTime);
    assertEquals(133444736000000000L, cmd.LastWriteTime);
    assertEquals(2, api.basicInfo.get("Files").size(), "a directory's times are set when made and again at the end");
    assertEquals(1040, api.basicInfo.get("Files\\Users").get(0).FileAttributes);
  }

  @Test
  void baseLayer_junction_isAMountPointReparseBuffer() throws Exception {
    WindowsTar tar = baseLayer();

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of());

    List<Stream> streams = decode(api.written.get("Files\\Users").toByteArray());
    assertEquals(List.of(8), streams.stream().map(Stream::id).toList());
    ByteBuffer b = ByteBuffer.wrap(streams.get(0).data()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(BackupStreams.IO_REPARSE_TAG_MOUNT_POINT, b.getInt());
    int dataLength = b.getShort();
    b.getShort();
    int substituteOffset = b.getShort();
    int substituteLength = b.getShort();
    int printOffset = b.getShort();
    int printLength = b.getShort();
    assertEquals(streams.get(0).data().length - 8, dataLength);
    byte[] names = new byte[b.remaining()];
    b.get(names);
    assertEquals("\\??\\C:\\Users", new String(names, substituteOffset, substituteLength, StandardCharsets.UTF_16LE));
    assertEquals("C:\\Users", new String(names, printOffset, printLength, StandardCharsets.UTF_16LE));
  }

  @Test
  void reparsePoint_relativeSymlink_hasTheRelativeFlag() {
    ByteBuffer b = ByteBuffer.wrap(BackupStreams.reparsePoint("..\\lib", false)).order(ByteOrder.LITTLE_ENDIAN);

    assertEquals(BackupStreams.IO_REPARSE_TAG_SYMLINK, b.getInt());
    b.position(16);
    assertEquals(1, b.getInt());
  }

  @Test
  void backupWriteFails_isInternalNamingTheFile_andEveryHandleIsClosed() throws Exception {
    api.failing = "BackupWrite";
    WindowsTar tar = baseLayer();

    InternalException e = assertThrows(InternalException.class, () -> importer().unpack(
        new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of()));

    assertEquals("BackupWrite failed for Files in a Windows layer: Win32 error 5", e.getMessage());
    assertEquals(Set.of(), api.openPaths());
    assertEquals("CloseHandle Files", api.calls.get(api.calls.size() - 1), "no directory times set on an abandoned layer");
    assertEquals(List.of(), api.problems);
    assertEquals(List.of(), setup);
  }

  @Test
  void setBasicInfoFails_theOpenHandleIsClosed() throws Exception {
    api.failing = "SetFileInformationByHandle";
    WindowsTar tar = baseLayer();

    assertThrows(InternalException.class, () -> importer().unpack(
        new ByteArrayInputStream(tar.tar()), Compression.NONE, layer(), Digest.parse(tar.diffId()), List.of()));

    assertEquals(Set.of(), api.openPaths());
  }

  private static List<Stream> decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
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
