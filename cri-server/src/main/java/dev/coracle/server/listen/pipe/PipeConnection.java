package dev.coracle.server.listen.pipe;

import java.io.IOException;

/**
 * One client's byte stream, both ways, with blocking calls. {@link #read} and {@link #write}
 * may run on two threads at once; {@link #close} may come from a third and wakes both.
 */
interface PipeConnection {

  /** Blocks for at least one byte; -1 once the client has gone or the connection is closed. */
  int read(byte[] buffer, int offset, int length) throws IOException;

  /** Blocks until every byte is handed to the system; fails once the client has gone. */
  void write(byte[] buffer, int offset, int length) throws IOException;

  /** Idempotent. */
  void close();
}
