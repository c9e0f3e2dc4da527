package dev.coracle.hcs.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.unpack.UnpackResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsLayerImporterTest {

  /** A self-relative security descriptor's first bytes (revision 1, SE_SELF_RELATIVE); content does not matter here. */
  private static final byte[] SD = {1, 0, 4, (byte) 0x80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final String SD64 = Base64.getEncoder().encodeToString(SD);
  private static final byte[] EA = "ea-value".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  private Path layer;
  private final List<String> calls = new ArrayList<>();
  private final List<List<Path>> writerParents = new ArrayList<>();
  /** What the staging directory held when the import seam was called. */
  private DirectoryLayerWriter.Metadata staged;
  private List<String> stagedFiles;
  private RuntimeException importFailure;

  @BeforeEach
  void layerDir() throws IOException {
    layer = Files.createDirectory(temp.resolve("layer"));
  }

  private WindowsLayerImporter importer() {
    return new WindowsLayerImporter(
        (root, parents) -> {
          writerParents.add(parents);
          return new DirectoryLayerWriter(root, parents);
        },
        (dir, hasUtilityVm) -> calls.add("setupBase " + temp.relativize(dir) + " " + hasUtilityVm),
        (dir, staging, parents) -> {
          calls.add("importLayer " + temp.relativize(dir) + " " + parents.stream().map(p -> temp.relativize(p).toString()).toList());
          assertEquals(dir.getParent(), staging.getParent(), "staging beside the layer, on the same volume");
          staged = DirectoryLayerWriter.readMetadata(staging);
          stagedFiles = files(staging);
          if (importFailure != null) {
            throw importFailure;
          }
        });
  }

  private static WindowsTar baseLayer() {
    return new WindowsTar()
        .dir("Files", Map.of("MSWINDOWS.fileattr", "16", "MSWINDOWS.rawsd", SD64))
        .dir("Files/Windows", Map.of("MSWINDOWS.fileattr", "16"))
        .dir("Files/Windows/System32", Map.of())
        .file("Files/Windows/System32/cmd.exe", "MZ cmd", Map.of(
            "MSWINDOWS.fileattr", "32",
            "MSWINDOWS.rawsd", SD64,
            "MSWINDOWS.xattr.$KERNEL.PURGE.ESBCACHE", Base64.getEncoder().encodeToString(EA),
            "LIBARCHIVE.creationtime", "1600000000.5"))
        .file("Files/Windows/System32/cmd.exe:Zone.Identifier", "[ZoneTransfer]", Map.of())
        .file("Files/Windows/System32/config/SYSTEM", "regf", Map.of("MSWINDOWS.sd", "O:SYG:SYD:(A;;FA;;;SY)"))
        .symlink("Files/Documents and Settings", "C:\\Users", Map.of("MSWINDOWS.mountpoint", "1"))
        .hardLink("Files/Windows/System32/cmd-link.exe", "Files/Windows/System32/cmd.exe")
        .dir("Hives", Map.of())
        .file("Hives/DefaultUser_Delta", "regf-delta", Map.of())
        .dir("UtilityVM", Map.of())
        .dir("UtilityVM/Files", Map.of())
        .file("UtilityVM/Files/EFI/Microsoft/Boot/BCD", "bcd", Map.of());
  }

  private static WindowsTar deltaLayer() {
    return new WindowsTar()
        .dir("Files", Map.of("MSWINDOWS.fileattr", "16"))
        .dir("Files/Windows", Map.of("MSWINDOWS.fileattr", "16"))
        .whiteout("Files/Windows/.wh.old.log")
        .file("Files/Windows/new.dll", "MZ new", Map.of("MSWINDOWS.fileattr", "32", "MSWINDOWS.rawsd", SD64))
        .hardLink("Files/Windows/new-link.dll", "Files/Windows/new.dll")
        .dir("Hives", Map.of())
        .file("Hives/Software_Delta", "regf-delta", Map.of());
  }

  @Test
  void unpack_baseLayer_writesIntoTheLayerThenSetsItUp() throws IOException {
    WindowsTar tar = baseLayer();

    UnpackResult result = importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer,
        Digest.parse(tar.diffId()), List.of());

    assertEquals(List.of("setupBase layer true"), calls);
    assertEquals(List.of(List.of()), writerParents);
    assertEquals(Digest.parse(tar.diffId()), result.diffId());
    assertEquals("MZ cmd", Files.readString(layer.resolve("Files/Windows/System32/cmd.exe")));
    assertEquals("[ZoneTransfer]", Files.readString(layer.resolve("Files/Windows/System32/cmd.exe:Zone.Identifier")));
    assertEquals("regf", Files.readString(layer.resolve("Files/Windows/System32/config/SYSTEM")));
    assertEquals("regf-delta", Files.readString(layer.resolve("Hives/DefaultUser_Delta")));
    assertEquals("bcd", Files.readString(layer.resolve("UtilityVM/Files/EFI/Microsoft/Boot/BCD")));
    assertTrue(Files.isSameFile(layer.resolve("Files/Windows/System32/cmd.exe"),
        layer.resolve("Files/Windows/System32/cmd-link.exe")));
    assertFalse(Files.exists(layer.resolve("Files/Documents and Settings")), "links are recorded, not made");
    // file bytes, streams included; directories, files and links, hard links not
    assertEquals(6 + 14 + 4 + 10 + 3, result.bytes());
    assertEquals(13 - 2, result.inodes());
  }

  @Test
  void unpack_baseLayer_recordsAttributesSecurityEasTimesAndLinks() {
    WindowsTar tar = baseLayer();

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()), List.of());

    DirectoryLayerWriter.Metadata metadata = DirectoryLayerWriter.readMetadata(layer);
    DirectoryLayerWriter.Recorded root = metadata.entries().get("Files");
    assertEquals("DIRECTORY", root.kind());
    assertEquals(16, root.attributes());
    assertArrayEquals(SD, Base64.getDecoder().decode(root.securityDescriptor()));
    assertEquals(0x10, metadata.entries().get("Files/Windows/System32").attributes(), "a directory without fileattr");
    DirectoryLayerWriter.Recorded cmd = metadata.entries().get("Files/Windows/System32/cmd.exe");
    assertEquals("FILE", cmd.kind());
    assertEquals(32, cmd.attributes());
    assertArrayEquals(SD, Base64.getDecoder().decode(cmd.securityDescriptor()));
    assertArrayEquals(EA, Base64.getDecoder().decode(cmd.extendedAttributes().get("$KERNEL.PURGE.ESBCACHE")));
    assertEquals("2020-09-13T12:26:40.500Z", cmd.created());
    assertEquals("2023-11-14T22:13:20Z", cmd.modified());
    assertEquals(List.of("Zone.Identifier"), cmd.streams());
    DirectoryLayerWriter.Recorded system = metadata.entries().get("Files/Windows/System32/config/SYSTEM");
    assertEquals("O:SYG:SYD:(A;;FA;;;SY)", system.sddl());
    assertNull(system.securityDescriptor());
    assertEquals(0, system.attributes(), "a file without fileattr");
    DirectoryLayerWriter.Recorded junction = metadata.entries().get("Files/Documents and Settings");
    assertEquals("SYMLINK", junction.kind());
    assertEquals("C:\\Users", junction.linkTarget());
    assertTrue(junction.mountPoint());
    assertEquals(Map.of("Files/Windows/System32/cmd-link.exe", "Files/Windows/System32/cmd.exe"), metadata.links());
    assertEquals(List.of(), metadata.tombstones());
  }

  @Test
  void unpack_baseLayerWithoutUtilityVm_saysSo() {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of()).file("Files/a.txt", "a", Map.of()).dir("Hives", Map.of())
        .dir("UtilityVM", Map.of());

    importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()), List.of());

    assertEquals(List.of("setupBase layer false"), calls);
  }

  @Test
  void unpack_gzipBaseLayer() throws IOException {
    WindowsTar tar = baseLayer();

    UnpackResult result =
        importer().unpack(new ByteArrayInputStream(tar.gzip()), null, layer, Digest.parse(tar.diffId()), List.of());

    assertEquals(Digest.parse(tar.diffId()), result.diffId());
    assertEquals("MZ cmd", Files.readString(layer.resolve("Files/Windows/System32/cmd.exe")));
  }

  @Test
  void unpack_deltaLayer_stagesThenImportsWithParentsTopMostFirst_andDeletesTheStaging() throws IOException {
    WindowsTar tar = deltaLayer();
    List<Path> parents = List.of(temp.resolve("parent2"), temp.resolve("base"));

    UnpackResult result = importer().unpack(new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()), parents);

    assertEquals(List.of("importLayer layer [parent2, base]"), calls);
    assertEquals(List.of(parents), writerParents);
    assertEquals(Digest.parse(tar.diffId()), result.diffId());
    assertEquals(List.of("Files/Windows/old.log"), staged.tombstones());
    assertEquals(Map.of("Files/Windows/new-link.dll", "Files/Windows/new.dll"), staged.links());
    assertEquals(32, staged.entries().get("Files/Windows/new.dll").attributes());
    assertArrayEquals(SD, Base64.getDecoder().decode(staged.entries().get("Files/Windows/new.dll").securityDescriptor()));
    assertEquals(List.of("Files/Windows/new-link.dll", "Files/Windows/new.dll", "Hives/Software_Delta",
        DirectoryLayerWriter.METADATA), stagedFiles);
    assertEquals(List.of("layer"), names(temp), "the staging directory is gone");
    assertEquals(List.of(), names(layer), "the layer is the import seam's to fill");
  }

  @Test
  void unpack_badDiffId_refusedBeforeAnySeam_andLeavesNothing() throws IOException {
    WindowsTar tar = deltaLayer();
    Digest wrong = Digest.parse("sha256:" + "0".repeat(64));

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> importer().unpack(
        new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, wrong, List.of(temp.resolve("base"))));

    assertEquals("Windows layer has diff ID " + tar.diffId() + " but the image config says " + wrong, e.getMessage());
    assertEquals(List.of(), calls);
    assertEquals(List.of("layer"), names(temp));
    assertEquals(List.of(), names(layer));
  }

  @Test
  void unpack_badDiffIdOfABaseLayer_isNotSetUp_andTheLayerIsEmptied() throws IOException {
    WindowsTar tar = baseLayer();

    assertThrows(InvalidArgumentException.class, () -> importer().unpack(new ByteArrayInputStream(tar.tar()),
        Compression.NONE, layer, Digest.parse("sha256:" + "1".repeat(64)), List.of()));

    assertEquals(List.of(), calls);
    assertEquals(List.of(), names(layer));
  }

  @Test
  void unpack_importSeamFails_stagingIsDeleted_andTheFailureComesThrough() throws IOException {
    importFailure = new InternalException("ImportLayer failed: HRESULT 0x80070005");
    WindowsTar tar = deltaLayer();

    InternalException e = assertThrows(InternalException.class, () -> importer().unpack(
        new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()), List.of(temp.resolve("base"))));

    assertEquals(importFailure, e);
    assertEquals(List.of("layer"), names(temp));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Files/../../evil.txt|it climbs out of the layer",
      "../Files/evil.txt|it climbs out of the layer",
      "Files/../..|it climbs out of the layer",
      "Files/..\\..\\evil.txt|a name may not hold a backslash or NUL",
      "Files/a:b/evil.txt|only the last part may name one alternate data stream"})
  void unpack_pathEscapingTheRoot_isRefused(String name, String why) throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of()).file(name, "x", Map.of()), List.of(), why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Windows/System32/evil.dll", "evil.txt", "files/lowercase.txt", "Files/../Windows/x",
      "C:/Windows/x", "Files:stream"})
  void unpack_entryOutsideFilesHivesUtilityVm_isRefused(String name) throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of()).file(name, "x", Map.of()), List.of(), "is refused");
  }

  @Test
  void unpack_utilityVmInADeltaLayer_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("UtilityVM", Map.of()), List.of(temp.resolve("base")),
        "only a base layer has UtilityVM/");
  }

  @Test
  void unpack_entryBelowALink_isRefused() throws IOException {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of())
        .symlink("Files/ProgramData", "C:\\elsewhere", Map.of("MSWINDOWS.mountpoint", "1"))
        .file("Files/ProgramData/evil.txt", "x", Map.of());

    assertRefused(tar, List.of(), "it lies below the link Files/ProgramData");
  }

  @Test
  void unpack_entryBelowALinkOfOtherCase_isRefused() throws IOException {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of())
        .symlink("Files/ProgramData", "C:\\elsewhere", Map.of())
        .file("Files/programdata/evil.txt", "x", Map.of());

    assertRefused(tar, List.of(), "it lies below the link Files/programdata");
  }

  @Test
  void unpack_hardLinkToNoEarlierFile_isRefused() throws IOException {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of()).hardLink("Files/a", "Files/missing");

    assertRefused(tar, List.of(), "its target Files/missing is no earlier file of this layer");
  }

  @Test
  void unpack_hardLinkOutOfTheRoot_isRefused() throws IOException {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of()).hardLink("Files/a", "../../etc/passwd");

    assertRefused(tar, List.of(), "it climbs out of the layer");
  }

  @Test
  void unpack_whiteoutInABaseLayer_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of()).whiteout("Files/.wh.a"), List.of(),
        "a base layer has nothing below it to delete");
  }

  @Test
  void unpack_opaqueWhiteout_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of()).whiteout("Files/.wh..wh..opq"), List.of(temp.resolve("base")),
        "Windows layers have no opaque directories");
  }

  @Test
  void unpack_streamWithoutItsFile_isRefused() throws IOException {
    WindowsTar tar = new WindowsTar().dir("Files", Map.of()).file("Files/a.txt", "a", Map.of())
        .file("Files/b.txt:Zone.Identifier", "z", Map.of());

    assertRefused(tar, List.of(), "an alternate data stream must follow its file Files/b.txt");
  }

  @Test
  void unpack_deviceOrFifo_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of()).fifo("Files/pipe"), List.of(), "no devices, FIFOs");
  }

  @Test
  void unpack_badSecurityDescriptor_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of("MSWINDOWS.rawsd", "not base64!")), List.of(),
        "MSWINDOWS.rawsd is not base64");
  }

  @Test
  void unpack_badFileAttributes_isRefused() throws IOException {
    assertRefused(new WindowsTar().dir("Files", Map.of("MSWINDOWS.fileattr", "0x10")), List.of(),
        "MSWINDOWS.fileattr \"0x10\" is not a 32-bit decimal number");
  }

  @Test
  void unpack_truncatedBlob_isRefused() throws IOException {
    byte[] whole = baseLayer().tar();
    byte[] cut = Arrays.copyOf(whole, 700);

    assertThrows(InvalidArgumentException.class, () -> importer().unpack(new ByteArrayInputStream(cut), Compression.NONE,
        layer, null, List.of()));
    assertEquals(List.of(), calls);
    assertEquals(List.of(), names(layer));
  }

  @Test
  void needsParents() {
    assertTrue(importer().needsParents());
  }

  private void assertRefused(WindowsTar tar, List<Path> parents, String why) throws IOException {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> importer().unpack(
        new ByteArrayInputStream(tar.tar()), Compression.NONE, layer, Digest.parse(tar.diffId()), parents));

    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertEquals(List.of(), calls);
    assertEquals(List.of("layer"), names(temp), "no staging directory left");
    assertEquals(List.of(), names(layer));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> files(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
