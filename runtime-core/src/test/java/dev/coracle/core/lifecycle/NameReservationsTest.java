package dev.coracle.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.AlreadyExistsException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameReservationsTest {

  private final NameReservations names = new NameReservations("pod");

  @Test
  void reserve_sameNameOtherId_isAlreadyExistsNamingTheHolder() {
    names.reserve("web_default_uid_0", "id-1");
    AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> names.reserve("web_default_uid_0", "id-2"));
    assertTrue(e.getMessage().contains("id-1"), e.getMessage());
  }

  @Test
  void reserve_sameNameSameId_isARetry() {
    names.reserve("n", "id-1");
    names.reserve("n", "id-1");
    assertEquals(Optional.of("id-1"), names.holder("n"));
  }

  @Test
  void release_onlyByTheHolder() {
    names.reserve("n", "id-1");
    names.release("n", "id-2");
    assertEquals(Optional.of("id-1"), names.holder("n"));
    names.release("n", "id-1");
    assertEquals(Optional.empty(), names.holder("n"));
    names.reserve("n", "id-2");
  }
}
