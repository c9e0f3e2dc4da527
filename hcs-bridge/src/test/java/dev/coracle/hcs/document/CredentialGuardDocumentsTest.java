package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.hcs.schema.ContainerCredentialGuard;
import dev.coracle.hcs.schema.ContainerCredentialGuardInstance;
import dev.coracle.hcs.schema.HcsJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialGuardDocumentsTest {

  private static final String PROPERTIES =
      GoldenDocumentsTest.resource("hcs/service-credential-guard.json");

  @Test
  void find_takesTheInstanceWithTheContainersId() {
    assertEquals(
        new ContainerCredentialGuard(
            "Y29va2llLWZvci1jMQ==", "c1-rpc", "HvSocket", "{\"CmsPlugins\":[\"ActiveDirectory\"]}"),
        CredentialGuardDocuments.find(PROPERTIES, "c1"));
  }

  @Test
  void find_noInstance_isNotFound() {
    NotFoundException e =
        assertThrows(
            NotFoundException.class, () -> CredentialGuardDocuments.find(PROPERTIES, "c9"));
    assertTrue(e.getMessage().contains("c9"), e.getMessage());
    assertThrows(
        NotFoundException.class, () -> CredentialGuardDocuments.find("{\"Properties\":[]}", "c1"));
    assertThrows(NotFoundException.class, () -> CredentialGuardDocuments.find("{}", "c1"));
  }

  @Test
  void instanceIds_listsEveryInstance_forOrphansAtStart() {
    assertEquals(List.of("other", "c1"), CredentialGuardDocuments.instanceIds(PROPERTIES));
  }

  @Test
  void instance_carriesTheHvSocketServiceOfAHyperVContainer() {
    ContainerCredentialGuardInstance i =
        CredentialGuardDocuments.instance(PROPERTIES, "c1").orElseThrow();
    assertEquals(
        HcsJson.readTree(GoldenDocumentsTest.resource("golden/gmsa-hvsocket-service.json")),
        HcsJson.readTree(HcsJson.write(CredentialGuardDocuments.hvSocketService(i))));
    ContainerCredentialGuardInstance other =
        CredentialGuardDocuments.instance(PROPERTIES, "other").orElseThrow();
    assertThrows(
        InvalidArgumentException.class, () -> CredentialGuardDocuments.hvSocketService(other));
  }

  @Test
  void addInstance_hostProcess_isRefused() {
    InvalidArgumentException e =
        assertThrows(
            InvalidArgumentException.class,
            () ->
                CredentialGuardDocuments.addInstance(
                    "c1", Fixtures.CREDENTIAL_SPEC, Isolation.HOST_PROCESS));
    assertTrue(e.getMessage().contains("HostProcess"), e.getMessage());
  }

  @Test
  void addInstance_specMustBeAJsonObject() {
    assertThrows(
        InvalidArgumentException.class,
        () -> CredentialGuardDocuments.addInstance("c1", "not json", Isolation.PROCESS));
    assertThrows(
        InvalidArgumentException.class,
        () -> CredentialGuardDocuments.addInstance("c1", "[1]", Isolation.PROCESS));
    assertThrows(
        InvalidArgumentException.class,
        () -> CredentialGuardDocuments.addInstance("c1", "", Isolation.PROCESS));
  }
}
