package dev.coracle.core.image.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.image.ref.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

  @TempDir
  Path dir;

  private static final byte[] DATA = "layer bytes".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(DATA);

  private long ingestFiles() throws IOException {
    try (var files = Files.list(dir.resolve("ingest"))) {
      return files.count();
    }
  }

  @Test
  void ingest_verifiedBytes_areStoredUnderTheirDigest() {
    ContentStore store = new ContentStore(dir);
    Path path = store.ingest(DIGEST, DATA.length, () -> new ByteArrayInputStream(DATA), n -> {});
    assertEquals(store.path(DIGEST), path);
    assertArrayEquals(DATA, store.read(DIGEST));
    assertEquals(List.of(DIGEST), store.list());
  }

  @Test
  void ingest_wrongBytes_areRefusedAndNothingIsKept() throws Exception {
    ContentStore store = new ContentStore(dir);
    byte[] tampered = "layer bytez".getBytes(StandardCharsets.UTF_8);
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> store.ingest(DIGEST, tampered.length, () -> new ByteArrayInputStream(tampered), n -> {}));
    assertTrue(e.getMessage().contains("failed verification"), e.getMessage());
    assertFalse(store.has(DIGEST));
    assertEquals(0, ingestFiles());
  }

  @Test
  void ingest_shortOrLongStreams_areRefused() throws Exception {
    ContentStore store = new ContentStore(dir);
    assertThrows(InvalidArgumentException.class,
        () -> store.ingest(DIGEST, DATA.length + 1, () -> new ByteArrayInputStream(DATA), n -> {}));
    assertThrows(InvalidArgumentException.class,
        () -> store.ingest(DIGEST, DATA.length - 1, () -> new ByteArrayInputStream(DATA), n -> {}));
    assertFalse(store.has(DIGEST));
    assertEquals(0, ingestFiles());
  }

  @Test
  void ingest_streamBreakingMidway_isUnavailableAndLeavesNothing() throws Exception {
    ContentStore store = new ContentStore(dir);
    InputStream breaking = new InputStream() {
      int sent;

      @Override
      public int read() throws IOException {
        if (sent++ > 3) {
          throw new IOException("connection reset");
        }
        return 'x';
      }
    };
    assertThrows(UnavailableException.class, () -> store.ingest(DIGEST, DATA.length, () -> breaking, n -> {}));
    assertFalse(store.has(DIGEST));
    assertEquals(0, ingestFiles());
  }

  @Test
  void ingest_concurrentCallers_shareOneDownload() throws Exception {
    ContentStore store = new ContentStore(dir);
    AtomicInteger opened = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> store.ingest(DIGEST, DATA.length, () -> {
          opened.incrementAndGet();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
          return new ByteArrayInputStream(DATA);
        }, n -> {})));
      }
      Thread.sleep(200);
      release.countDown();
      for (Future<Path> result : results) {
        assertEquals(store.path(DIGEST), result.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, opened.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void open_clearsPartialDownloadsOfAnEarlierRun() throws Exception {
    Files.createDirectories(dir.resolve("ingest"));
    Files.writeString(dir.resolve("ingest/abc-1.part"), "half");
    new ContentStore(dir);
    assertEquals(0, ingestFiles());
  }
}
