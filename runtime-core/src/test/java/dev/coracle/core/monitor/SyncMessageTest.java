package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyncMessageTest {

  @Test
  void parse_pid_isData() {
    SyncMessage message = SyncMessage.parse("{\"data\": 1691}");

    assertEquals(new SyncMessage(1691, ""), message);
    assertFalse(message.failed());
  }

  @Test
  void parse_failure_keepsTheRuntimesMessage() {
    SyncMessage message = SyncMessage.parse("{\"data\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"boom\\\"}\\n\"}");

    assertTrue(message.failed());
    assertEquals("{\"level\":\"error\",\"msg\":\"boom\"}\n", message.message());
    assertFalse(message.timedOut());
  }

  @Test
  void parse_execReplyOfApiVersion0_readsExitCode() {
    SyncMessage message = SyncMessage.parse("{\"exit_code\": -1, \"message\": \"command timed out\"}");

    assertTrue(message.timedOut());
  }

  @Test
  void parse_withoutData_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> SyncMessage.parse("{\"message\": \"x\"}"));
    assertThrows(IllegalArgumentException.class, () -> SyncMessage.parse("not json"));
  }
}
