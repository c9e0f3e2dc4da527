package dev.coracle.core.image.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.unpack.LayerUnpackerTest.TrickleInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BlobInputTest {

  private static final byte[] DATA = "0123456789abcdefghij".getBytes();

  @Test
  void available_ofAStreamThatClaimsNothing_isZeroOnlyAtTheEnd() throws IOException {
    BlobInput in = new BlobInput(new TrickleInputStream(DATA, 3), 8);
    int read = 0;
    while (in.available() > 0) {
      assertTrue(in.read() >= 0);
      read++;
    }
    assertEquals(DATA.length, read);
    assertEquals(-1, in.read());
  }

  @Test
  void peek_doesNotConsume() throws IOException {
    BlobInput in = new BlobInput(new TrickleInputStream(DATA, 1), 8);
    assertArrayEquals("0123".getBytes(), in.peek(4));
    assertArrayEquals(DATA, in.readAllBytes());
  }

  @Test
  void peek_afterReading_compactsTheBuffer() throws IOException {
    BlobInput in = new BlobInput(new TrickleInputStream(DATA, 5), 8);
    in.readNBytes(6);
    assertArrayEquals("6789".getBytes(), in.peek(4));
    assertEquals('6', in.read());
  }

  @Test
  void peek_pastTheEnd_returnsWhatThereIs() throws IOException {
    BlobInput in = new BlobInput(new TrickleInputStream("ab".getBytes(), 1), 8);
    assertArrayEquals("ab".getBytes(), in.peek(4));
  }

  @Test
  void read_largeRequests_bypassTheBufferAndKeepOrder() throws IOException {
    BlobInput in = new BlobInput(new TrickleInputStream(DATA, 100), 4);
    byte[] first = new byte[2];
    assertEquals(2, in.read(first, 0, 2));
    byte[] rest = in.readAllBytes();
    assertEquals("01", new String(first));
    assertEquals("23456789abcdefghij", new String(rest));
  }

  @Test
  void failure_isRememberedAndRethrown() {
    IOException reset = new IOException("reset");
    BlobInput in = new BlobInput(new InputStream() {
      @Override
      public int read() throws IOException {
        throw reset;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw reset;
      }
    }, 8);
    assertNull(in.failure());
    assertSame(reset, assertThrows(IOException.class, in::read));
    assertSame(reset, in.failure());
  }

  @Test
  void close_leavesTheSourceOpen() throws IOException {
    TrickleInputStream source = new TrickleInputStream(DATA, 4);
    new BlobInput(source, 8).close();
    assertFalse(source.closed);
  }
}
