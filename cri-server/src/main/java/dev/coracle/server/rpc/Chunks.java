package dev.coracle.server.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Splits a long list into messages that each stay well below the 16 MiB message limit, for the
 * server-streaming list RPCs. An empty list still sends one (empty) message, so the client
 * sees an answer rather than just the end of the stream.
 */
public final class Chunks {

  /** Room left for each chunk: 4 MiB, far from the limit whatever the framing adds. */
  static final int CHUNK_BYTES = 4 * 1024 * 1024;

  private Chunks() {}

  public static <T> void send(List<T> items, ToIntFunction<T> size, Consumer<List<T>> sink) {
    send(items, size, sink, CHUNK_BYTES);
  }

  static <T> void send(List<T> items, ToIntFunction<T> size, Consumer<List<T>> sink, int chunkBytes) {
    List<T> chunk = new ArrayList<>();
    long bytes = 0;
    for (T item : items) {
      int itemBytes = size.applyAsInt(item) + 8;
      if (!chunk.isEmpty() && bytes + itemBytes > chunkBytes) {
        sink.accept(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(item);
      bytes += itemBytes;
    }
    if (!chunk.isEmpty() || items.isEmpty()) {
      sink.accept(chunk);
    }
  }
}
