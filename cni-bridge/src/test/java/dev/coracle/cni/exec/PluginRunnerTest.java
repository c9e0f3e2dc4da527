package dev.coracle.cni.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.coracle.cni.CniException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRunnerTest {

  private final RecordingExec exec = new RecordingExec();
  private final PluginRunner runner =
      new PluginRunner(t -> t.equals("gone") ? null : Path.of("/x", t), List.of(Path.of("/x")), exec,
          Duration.ofSeconds(3));

  private CniException fail() {
    return assertThrows(CniException.class,
        () -> runner.call("ADD", "p", JsonNodeFactory.instance.objectNode(), null));
  }

  @Test
  void call_errorJsonWithoutDetails() {
    exec.answer("ADD p", 1, "{'cniVersion':'1.0.0','code':7,'msg':'bad config'}");

    CniException e = fail();

    assertEquals(7, e.code());
    assertEquals("plugin p failed: bad config", e.getMessage());
  }

  @Test
  void call_errorJsonOnStderr() {
    exec.answer("ADD p", 1, "", "{'code':11,'msg':'busy','details':'lock held'}");

    CniException e = fail();

    assertEquals(CniException.TRY_AGAIN_LATER, e.code());
    assertEquals("plugin p failed: busy (lock held)", e.getMessage());
  }

  @Test
  void call_plainTextFailureQuotesItsOutput() {
    exec.answer("ADD p", 2, "panic: nil map", "");

    CniException e = fail();

    assertEquals(0, e.code());
    assertEquals("plugin p failed: exit status 2: panic: nil map", e.getMessage());
  }

  @Test
  void call_timeoutSaysSo() {
    exec.answer("ADD p", -1, "");

    CniException e = fail();

    assertTrue(e.getMessage().contains("plugin p timed out: ADD ran past 3 s"), e.getMessage());
  }

  @Test
  void call_successWithNonJsonIsADecodingFailure() {
    exec.answer("ADD p", 0, "hello");

    assertEquals(CniException.DECODING_FAILURE, fail().code());
  }

  @Test
  void call_lookupFailureIsACniFailure() {
    PluginRunner failing = new PluginRunner(t -> {
      throw new IllegalStateException("bin dir unreadable");
    }, List.of(Path.of("/x")), exec, Duration.ofSeconds(3));

    CniException e = assertThrows(CniException.class,
        () -> failing.call("DEL", "p", JsonNodeFactory.instance.objectNode(), null));

    assertEquals("plugin p cannot be found: bin dir unreadable", e.getMessage());
  }

  @Test
  void call_unknownPluginNamesTheDirectories() {
    CniException e = assertThrows(CniException.class,
        () -> runner.call("ADD", "gone", JsonNodeFactory.instance.objectNode(), null));

    assertEquals("plugin gone not found in /x", e.getMessage());
  }
}
