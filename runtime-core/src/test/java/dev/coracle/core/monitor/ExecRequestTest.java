package dev.coracle.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.runtime.OciRuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecRequestTest {

  private static final OciRuntimeSettings RUNC = OciRuntimeSettings.runc(Path.of("/usr/sbin/runc"), Path.of("/run/r"));

  @Test
  void of_takesTheContainersProcessWithNewArgsAndNoTerminal() throws Exception {
    ObjectNode container = (ObjectNode) new ObjectMapper().readTree("""
        {"terminal": true, "consoleSize": {"height": 1, "width": 2}, "user": {"uid": 7, "gid": 8},
         "args": ["sleep", "1000"], "env": ["PATH=/bin"], "cwd": "/work"}""");

    ExecRequest request = ExecRequest.of("c1", RUNC, container, List.of("sh", "-c", "echo hi"), Duration.ofSeconds(1));

    assertEquals("[\"sh\",\"-c\",\"echo hi\"]", request.process().get("args").toString());
    assertFalse(request.process().get("terminal").asBoolean());
    assertFalse(request.process().has("consoleSize"));
    assertEquals(7, request.process().at("/user/uid").asInt());
    assertEquals("/work", request.process().get("cwd").asText());
    assertEquals("[\"sleep\",\"1000\"]", container.get("args").toString(), "the container's own spec is untouched");
  }

  @Test
  void new_emptyCommandOrNegativeTimeout_isInvalid() throws Exception {
    ObjectNode process = (ObjectNode) new ObjectMapper().readTree("{\"args\": []}");

    assertThrows(InvalidArgumentException.class, () -> new ExecRequest("c1", RUNC, process, Duration.ZERO));
    assertThrows(InvalidArgumentException.class,
        () -> ExecRequest.of("c1", RUNC, process, List.of("true"), Duration.ofSeconds(-1)));
  }
}
