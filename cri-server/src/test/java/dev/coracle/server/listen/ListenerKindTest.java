package dev.coracle.server.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenerKindTest {

  @ParameterizedTest
  @ValueSource(strings = {"Windows Server 2022", "Windows 11", "Windows Server 2025"})
  void forOs_windows_isNamedPipe(String os) {
    assertEquals(ListenerKind.NAMED_PIPE, ListenerKind.forOs(os));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Linux", "Mac OS X", "FreeBSD"})
  void forOs_other_isUnixSocket(String os) {
    assertEquals(ListenerKind.UNIX_SOCKET, ListenerKind.forOs(os));
  }

  @Test
  void defaultEndpoint_perKind() {
    assertEquals("/run/coracle/coracle.sock", ListenerKind.UNIX_SOCKET.defaultEndpoint(Path.of("/run/coracle")));
    assertEquals("npipe:////./pipe/coracle", ListenerKind.NAMED_PIPE.defaultEndpoint(Path.of("/run/coracle")));
  }

  @Test
  void canonical_unixScheme_isStripped() {
    assertEquals("/run/x/cri.sock", ListenerKind.UNIX_SOCKET.canonical("unix:///run/x/cri.sock"));
    assertEquals("/run/x/cri.sock", ListenerKind.UNIX_SOCKET.canonical("/run/x/cri.sock"));
  }

  @Test
  void canonical_pipe_isTheLongForm() {
    assertEquals("npipe:////./pipe/coracle", ListenerKind.NAMED_PIPE.canonical("npipe://./pipe/coracle"));
  }

  @Test
  void canonical_relativeSocket_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ListenerKind.UNIX_SOCKET.canonical("coracle.sock"));
    assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
  }

  @Test
  void canonical_pipeOffWindows_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ListenerKind.UNIX_SOCKET.canonical("npipe:////./pipe/coracle"));
    assertTrue(e.getMessage().contains("Windows only"), e.getMessage());
  }

  /** kubelet on Windows cannot dial a unix socket at all (WINDOWS.md §10). */
  @Test
  void canonical_unixSocketOnWindows_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> ListenerKind.NAMED_PIPE.canonical("unix:///run/coracle.sock"));
  }
}
