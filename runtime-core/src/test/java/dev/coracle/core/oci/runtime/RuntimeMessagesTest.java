package dev.coracle.core.oci.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeMessagesTest {

  @Test
  void errorMessage_jsonLines_keepsOnlyErrors() {
    String output = """
        {"level":"warning","msg":"cgroup is not empty","time":"2026-01-01T00:00:00Z"}
        {"level":"error","msg":"runc create failed: exec: \\"/bin/nope\\": stat /bin/nope: no such file or directory","time":"2026-01-01T00:00:00Z"}
        """;

    assertEquals("runc create failed: exec: \"/bin/nope\": stat /bin/nope: no such file or directory",
        RuntimeMessages.errorMessage(output));
  }

  @Test
  void errorMessage_textFormat_unescapesTheMessage() {
    String output = "time=\"2026-01-01T00:00:00Z\" level=error msg=\"exec: \\\"sh\\\": not found\"\n";

    assertEquals("exec: \"sh\": not found", RuntimeMessages.errorMessage(output));
  }

  @Test
  void errorMessage_twoErrors_areJoined() {
    String output = "{\"level\":\"error\",\"msg\":\"first\"}\n{\"level\":\"fatal\",\"msg\":\"second\"}\n";

    assertEquals("first; second", RuntimeMessages.errorMessage(output));
  }

  @Test
  void errorMessage_plainText_isKeptWhole() {
    assertEquals("crun: unknown option", RuntimeMessages.errorMessage("  crun: unknown option\n"));
  }

  @Test
  void isUnknownContainer_knowsRuncAndCrunWording() {
    assertTrue(RuntimeMessages.isUnknownContainer("container does not exist", "c1"));
    assertTrue(RuntimeMessages.isUnknownContainer("error opening file `/run/crun/c1/status`: No such file or directory", "c1"));
    assertFalse(RuntimeMessages.isUnknownContainer("stat /bin/nope: no such file or directory", "c1"));
  }
}
