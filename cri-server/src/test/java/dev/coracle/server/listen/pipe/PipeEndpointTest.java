package dev.coracle.server.listen.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PipeEndpointTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "npipe:////./pipe/coracle|coracle",
      "npipe://./pipe/coracle|coracle",
      "npipe://./pipe/containerd-containerd|containerd-containerd",
      "npipe:////./pipe/coracle.v1_test|coracle.v1_test"})
  void parse_eitherForm_namesThePipe(String endpoint, String name) {
    PipeEndpoint pipe = PipeEndpoint.parse(endpoint);
    assertEquals(name, pipe.name());
    assertEquals("\\\\.\\pipe\\" + name, pipe.path());
    assertEquals("npipe:////./pipe/" + name, pipe.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "coracle",
      "unix:///run/coracle/coracle.sock",
      "/run/coracle/coracle.sock",
      "tcp://127.0.0.1:5000",
      "\\\\.\\pipe\\coracle",
      "npipe:\\\\.\\pipe\\coracle",
      "npipe://server/pipe/coracle",
      "npipe:////server/pipe/coracle",
      "npipe://./pipe/",
      "npipe:////./pipe/",
      "npipe://./pipe/a/b",
      "npipe://./mailslot/coracle",
      "NPIPE://./pipe/coracle",
      "npipe:/./pipe/coracle"})
  void parse_anythingElse_isRefusedNamingTheForms(String endpoint) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> PipeEndpoint.parse(endpoint));
    assertTrue(e.getMessage().contains("npipe:////./pipe/NAME or npipe://./pipe/NAME"), e.getMessage());
  }

  @Test
  void parse_nameBackslash_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> PipeEndpoint.parse("npipe://./pipe/a\\b"));
  }

  @Test
  void parse_pathOverWindowsLimit_isRefused() {
    String longest = "n".repeat(256 - "\\\\.\\pipe\\".length());
    assertEquals(256, PipeEndpoint.parse("npipe://./pipe/" + longest).path().length());
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> PipeEndpoint.parse("npipe://./pipe/" + longest + "n"));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
  }

  @Test
  void defaultPipe_isCoracle() {
    assertEquals("npipe:////./pipe/coracle", PipeEndpoint.DEFAULT.toString());
  }
}
