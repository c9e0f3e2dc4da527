package dev.coracle.cni.config;

import static dev.coracle.cni.config.TestFiles.conflist;
import static dev.coracle.cni.config.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void load_readsEveryKindInLexicalOrderOfFileName() throws Exception {
    write(dir, "20-b.conf", "{\"cniVersion\":\"1.0.0\",\"name\":\"b\",\"type\":\"bridge\"}");
    write(dir, "10-a.conflist", conflist("a", "bridge"));
    write(dir, "30-c.json", conflist("c", "macvlan"));
    write(dir, "05-ignored.txt", conflist("ignored", "bridge"));
    write(dir, "00-old.conflist.bak", conflist("bak", "bridge"));

    List<NetworkConfigList> networks = ConfigLoader.load(dir);

    assertEquals(List.of("a", "b", "c"), networks.stream().map(NetworkConfigList::name).toList());
    assertEquals(dir.resolve("10-a.conflist"), networks.get(0).source());
  }

  @Test
  void firstValid_isTheFirstUsableFile_pastInvalidOnes() throws Exception {
    write(dir, "10-broken.conflist", "{\"name\":\"broken\",");
    write(dir, "20-good.conflist", conflist("good", "bridge"));
    write(dir, "30-later.conflist", conflist("later", "bridge"));

    assertEquals("good", ConfigLoader.firstValid(dir).orElseThrow().name());
  }

  @Test
  void firstValid_ofAMissingDir_isEmpty() {
    assertTrue(ConfigLoader.firstValid(dir.resolve("absent")).isEmpty());
    assertEquals(List.of(), ConfigLoader.load(dir.resolve("absent")));
  }

  @Test
  void load_liftsASinglePluginConfIntoAListOfOne() throws Exception {
    write(dir, "10-one.conf", "{\"cniVersion\":\"0.4.0\",\"name\":\"one\",\"type\":\"bridge\","
        + "\"bridge\":\"br-test\",\"ipam\":{\"type\":\"host-local\"}}");

    NetworkConfigList one = ConfigLoader.load(dir).get(0);

    assertEquals("one", one.name());
    assertEquals("0.4.0", one.cniVersion());
    assertEquals(1, one.plugins().size());
    assertEquals("bridge", one.plugins().get(0).get("type").asText());
    assertEquals("br-test", one.plugins().get(0).get("bridge").asText());
    assertFalse(one.disableCheck());
  }

  @Test
  void scan_skipsInvalidAndUnreadableFiles_namingEachAndWhy() throws Exception {
    write(dir, "10-notjson.conflist", "not json");
    write(dir, "20-noname.conflist", "{\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"bridge\"}]}");
    Files.createSymbolicLink(dir.resolve("30-dangling.conf"), dir.resolve("nowhere"));
    Files.createDirectory(dir.resolve("40-dir.conf"));
    write(dir, "50-good.conflist", conflist("good", "bridge"));

    ConfDirScan scan = ConfigLoader.scan(dir, false);

    assertEquals(List.of("good"), scan.networks().stream().map(NetworkConfigList::name).toList());
    assertEquals(List.of(dir.resolve("10-notjson.conflist"), dir.resolve("20-noname.conflist"),
        dir.resolve("30-dangling.conf")), scan.refusals().stream().map(ConfigRefusal::file).toList());
    assertTrue(scan.refusals().get(0).message().contains("10-notjson.conflist: not JSON"),
        scan.refusals().get(0).message());
    assertTrue(scan.refusals().get(1).message().endsWith(": no name"), scan.refusals().get(1).message());
    assertTrue(scan.refusals().get(2).message().contains("a link to nothing"), scan.refusals().get(2).message());
    assertEquals(List.of("good"), ConfigLoader.load(dir).stream().map(NetworkConfigList::name).toList());
  }

  @Test
  void scan_refusesAFifo_insteadOfBlockingOnIt() throws Exception {
    Path fifo = dir.resolve("10-fifo.conflist");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
    write(dir, "20-good.conflist", conflist("good", "bridge"));

    ConfDirScan scan = ConfigLoader.scan(dir, true);

    assertEquals("good", scan.networks().get(0).name());
    assertTrue(scan.refusals().get(0).message().contains("not a regular file"));
  }

  @Test
  void scan_ofAFileInsteadOfADir_isARefusal() throws Exception {
    Path file = write(dir, "plain", "x");

    ConfDirScan scan = ConfigLoader.scan(file, false);

    assertTrue(scan.networks().isEmpty());
    assertTrue(scan.refusals().get(0).message().contains("cannot be listed"), scan.refusals().get(0).message());
  }

  @Test
  void scan_refusesAFileTooLargeToBeAConfig() throws Exception {
    write(dir, "10-huge.conflist", " ".repeat((int) ConfigLoader.MAX_FILE_BYTES + 1));

    ConfDirScan scan = ConfigLoader.scan(dir, false);

    assertTrue(scan.refusals().get(0).message().contains("larger than"), scan.refusals().get(0).message());
  }

  @Test
  void load_followsALinkToAConfigElsewhere() throws Exception {
    Path real = write(dir.resolve("elsewhere"), "net.json", conflist("linked", "bridge"));
    Files.createDirectories(dir.resolve("conf"));
    Files.createSymbolicLink(dir.resolve("conf/10-linked.conflist"), real);

    assertEquals("linked", ConfigLoader.firstValid(dir.resolve("conf")).orElseThrow().name());
  }
}
