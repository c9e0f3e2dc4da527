package dev.coracle.server.listen.pipe;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One {@code OVERLAPPED} in native memory that stays put while the system owns it: {@code
 * Internal}, {@code InternalHigh} (pointer-sized), {@code Offset}, {@code OffsetHigh} (ignored
 * for pipes), then {@code hEvent}. Not a JNA {@code Structure}: see {@link PipeApi}.
 */
final class Overlapped {

  private static final int EVENT_OFFSET = 2 * Native.POINTER_SIZE + 8;

  private final Memory memory = new Memory(EVENT_OFFSET + Native.POINTER_SIZE);

  /** @param event a manual-reset event, as {@code GetOverlappedResult} with wait wants */
  Overlapped(Pointer event) {
    memory.clear();
    memory.setPointer(EVENT_OFFSET, event);
  }

  /** Ready for the next operation: status and offsets zero, the event kept. */
  Pointer reset() {
    memory.clear(EVENT_OFFSET);
    return memory;
  }

  Pointer pointer() {
    return memory;
  }

  Pointer event() {
    return memory.getPointer(EVENT_OFFSET);
  }
}
