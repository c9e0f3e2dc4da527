package dev.coracle.core.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.ref.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

  @TempDir
  Path dir;

  private static Digest d(String s) {
    return Digest.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ImageRecord image(String id, String tag) {
    return new ImageRecord(d(id), List.of(tag), List.of("docker.io/library/x@" + d("m" + id)), d("m" + id),
        List.of(d("l" + id)), List.of(d("c" + id)), 100, 1, false);
  }

  @Test
  void add_survivesReopening() {
    ImageStore store = new ImageStore(dir);
    store.add(image("a", "docker.io/library/x:1"));
    ImageStore reopened = new ImageStore(dir);
    assertEquals(store.all(), reopened.all());
    assertTrue(reopened.byTag("docker.io/library/x:1").isPresent());
  }

  @Test
  void add_sameTagToAnotherImage_movesTheTag() {
    ImageStore store = new ImageStore(dir);
    store.add(image("a", "docker.io/library/x:latest"));
    store.add(image("b", "docker.io/library/x:latest"));
    assertEquals(d("b"), store.byTag("docker.io/library/x:latest").orElseThrow().id());
    assertEquals(List.of(), store.get(d("a")).orElseThrow().repoTags());
  }

  @Test
  void add_sameImageAgainUnderAnotherTag_mergesNames() {
    ImageStore store = new ImageStore(dir);
    store.add(image("a", "docker.io/library/x:1"));
    store.add(image("a", "docker.io/library/x:2"));
    assertEquals(List.of("docker.io/library/x:1", "docker.io/library/x:2"), store.get(d("a")).orElseThrow().repoTags());
  }

  @Test
  void remove_deletesTheRecordForGood() {
    ImageStore store = new ImageStore(dir);
    store.add(image("a", "docker.io/library/x:1"));
    store.remove(d("a"));
    assertTrue(new ImageStore(dir).all().isEmpty());
  }
}
