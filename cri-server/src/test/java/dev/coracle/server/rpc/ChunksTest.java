package dev.coracle.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void send_splitsBelowTheLimitAndKeepsOrder() {
    List<Integer> items = IntStream.range(0, 100).boxed().toList();
    List<List<Integer>> chunks = new ArrayList<>();
    Chunks.send(items, i -> 92, chunks::add, 1000); // 100 bytes each with framing
    assertEquals(10, chunks.size());
    chunks.forEach(c -> assertTrue(c.size() * 100 <= 1000, c.toString()));
    assertEquals(items, chunks.stream().flatMap(List::stream).toList());
  }

  @Test
  void send_emptyList_sendsOneEmptyChunk() {
    List<List<Integer>> chunks = new ArrayList<>();
    Chunks.send(Collections.<Integer>emptyList(), i -> 1, chunks::add, 1000);
    assertEquals(List.of(List.of()), chunks);
  }

  @Test
  void send_itemLargerThanAChunk_goesAlone() {
    List<List<Integer>> chunks = new ArrayList<>();
    Chunks.send(List.of(1, 2, 3), i -> i == 2 ? 5000 : 10, chunks::add, 1000);
    assertEquals(List.of(List.of(1), List.of(2), List.of(3)), chunks);
  }

  @Test
  void defaultChunk_staysFarBelowTheMessageLimit() {
    assertTrue(Chunks.CHUNK_BYTES * 2 < 16 * 1024 * 1024);
  }
}
