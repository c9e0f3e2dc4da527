package dev.coracle.core.image.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTarTest {

  @Test
  void writeTo_sameEntriesASecondLater_sameBytes() throws InterruptedException {
    byte[] first = bytes(TestLayers.layeredTop());
    // PAX headers (long names, xattrs) are entries of their own: their mtime must not be "now".
    Thread.sleep(1_100);
    byte[] second = bytes(TestLayers.layeredTop());

    assertArrayEquals(first, second);
  }

  @Test
  void names_parentsComeFirstAndHardLinksLast() {
    LayerTar layer = new LayerTar()
        .hardlink("a/hard", "z/target")
        .file("z/target", 0644, "t")
        .file("a/b/c", 0644, "c");

    assertEquals(List.of("a", "a/b", "a/b/c", "z", "z/target", "a/hard"), layer.names());
  }

  @Test
  void file_explicitDirectoryKeepsItsOwnerOverTheImplicitOne() {
    LayerTar layer = new LayerTar().file("home/app/x", 0644, "x").dir("home/app", 0700, 1000, 1000);

    List<RegistryHttp.TarItem> entries = RegistryHttp.entries(bytes(layer));

    assertEquals(1000, RegistryHttp.entry(entries, "home/app/").entry().getLongUserId());
    assertEquals(0700, RegistryHttp.entry(entries, "home/app/").entry().getMode() & 07777);
  }

  @Test
  void file_pathClimbingOut_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LayerTar().file("a/../../b", 0644, "x"));
  }

  @Test
  void raw_keepsAbsoluteAndDotDotNamesAsGiven() {
    LayerTar layer = new LayerTar()
        .raw("/abs/file", LayerTar.Kind.FILE, null, new byte[] {1})
        .raw("../up", LayerTar.Kind.FILE, null, new byte[] {2});

    List<RegistryHttp.TarItem> entries = RegistryHttp.entries(bytes(layer));

    assertEquals(List.of("../up", "/abs/file"), entries.stream().map(i -> i.entry().getName()).toList());
  }

  @Test
  void pax_windowsAttributesReachTheEntryHeader() {
    LayerTar layer = WindowsTestImages.baseLayer(WindowsTestImages.LTSC2022);

    List<RegistryHttp.TarItem> entries = RegistryHttp.entries(bytes(layer));

    // HIDDEN, SYSTEM and ARCHIVE: 0x2 | 0x4 | 0x20.
    assertEquals("38", RegistryHttp.entry(entries, "Files/Windows/System32/config/SYSTEM").entry()
        .getExtraPaxHeader("MSWINDOWS.fileattr"));
    assertEquals("16", RegistryHttp.entry(entries, "Files/").entry().getExtraPaxHeader("MSWINDOWS.fileattr"));
  }

  private static byte[] bytes(LayerTar layer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layer.writeTo(out);
    return out.toByteArray();
  }
}
