package dev.coracle.hcs.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A failed HCS, HCN or vmcompute call: which function, its HRESULT, and the result document
 * Windows returned with it (WINDOWS.md §1.3, §1.4). For HCS that document is a {@code
 * ResultError} {@code {"Error","ErrorMessage","ErrorEvents"}}; for HCN the error record
 * {@code {"Success","Error","ErrorCode"}}; either may be empty.
 */
public final class HcsException extends RuntimeException {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HResult result;
  private final String operation;
  private final String resultDocument;
  private final String errorMessage;

  /**
   * @param operation the Windows function that failed, e.g. {@code HcsCreateComputeSystem}
   * @param result its HRESULT
   * @param resultDocument the raw result or error document, {@code ""} when there was none
   */
  public HcsException(String operation, HResult result, String resultDocument) {
    this(operation, result, resultDocument == null ? "" : resultDocument, errorMessageOf(resultDocument));
  }

  private HcsException(String operation, HResult result, String resultDocument, String errorMessage) {
    super(operation + " failed: " + result + (errorMessage.isEmpty() ? "" : ": " + errorMessage));
    this.operation = operation;
    this.result = result;
    this.resultDocument = resultDocument;
    this.errorMessage = errorMessage;
  }

  public HResult result() {
    return result;
  }

  /** The Windows function that failed. */
  public String operation() {
    return operation;
  }

  /** The raw JSON document returned with the failure; {@code ""} when there was none. */
  public String resultDocument() {
    return resultDocument;
  }

  /**
   * {@code ErrorMessage} of an HCS {@code ResultError}, or {@code Error} of an HCN error
   * record; {@code ""} when the document has neither.
   */
  public String errorMessage() {
    return errorMessage;
  }

  private static String errorMessageOf(String document) {
    if (document == null || document.isBlank()) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(document);
      if (node.path("ErrorMessage").isTextual()) {
        return node.get("ErrorMessage").asText();
      }
      if (node.path("Error").isTextual()) {
        return node.get("Error").asText();
      }
      return "";
    } catch (IOException e) {
      // Not JSON: the document itself is the best message there is.
      return document.strip();
    }
  }
}
