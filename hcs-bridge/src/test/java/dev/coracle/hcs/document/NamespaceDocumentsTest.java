package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InternalException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceDocumentsTest {

  private static final String PROPERTIES =
      GoldenDocumentsTest.resource("hcn/namespace-properties.json");

  @Test
  void namespaceId_isTheIdOfTheProperties() {
    assertEquals(Fixtures.NAMESPACE, NamespaceDocuments.namespaceId(PROPERTIES));
  }

  @Test
  void namespaceId_missing_isAnInternalError() {
    assertThrows(
        InternalException.class, () -> NamespaceDocuments.namespaceId("{\"Type\":\"Host\"}"));
    assertThrows(InternalException.class, () -> NamespaceDocuments.namespaceId("not json"));
    assertThrows(InternalException.class, () -> NamespaceDocuments.namespaceId(""));
  }

  @Test
  void endpointIds_listsTheAttachedEndpoints() {
    assertEquals(List.of(Fixtures.ENDPOINT), NamespaceDocuments.endpointIds(PROPERTIES));
    assertEquals(List.of(), NamespaceDocuments.endpointIds("{\"ID\":\"x\"}"));
    assertEquals(
        List.of("e2"),
        NamespaceDocuments.endpointIds(
            "{\"ID\":\"x\",\"Resources\":[{\"Type\":\"Container\",\"Data\":{\"ID\":\"c\"}},"
                + "{\"Type\":\"Endpoint\",\"Data\":{\"ID\":\"e2\"}}]}"));
  }
}
