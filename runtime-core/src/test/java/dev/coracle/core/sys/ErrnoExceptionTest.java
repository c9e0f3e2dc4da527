package dev.coracle.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ErrnoExceptionTest {

  @Test
  void getMessage_namesCallPathErrnoAndText() {
    ErrnoException e = new ErrnoException("mknod", Path.of("/x/dev/null"), 1);
    assertEquals("mknod /x/dev/null: EPERM (Operation not permitted)", e.getMessage());
    assertEquals("Operation not permitted", e.getReason());
    assertFalse(e.isNoSpace());
  }

  @Test
  void reason_ofEnospc_isTheTextTheJdkUses() {
    ErrnoException e = new ErrnoException("lsetxattr", Path.of("/f"), 28);
    assertEquals("No space left on device", e.getReason());
    assertTrue(e.isNoSpace());
  }

  @Test
  void isNoSpace_quotaExceeded_isTrue() {
    assertTrue(new ErrnoException("mknod", Path.of("/f"), 122).isNoSpace());
  }

  @Test
  void getMessage_unknownErrno_showsNumber() {
    assertEquals("statfs /f: errno 4095 (Unknown error 4095)",
        new ErrnoException("statfs", Path.of("/f"), 4095).getMessage());
  }
}
