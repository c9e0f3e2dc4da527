package dev.coracle.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.CoracleException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.error.PermissionDeniedException;
import dev.coracle.core.error.UnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** The one place registry HTTP failures become the runtime's errors, with messages a user can act on. */
final class RegistryErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryErrors() {}

  static boolean isTransient(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  static CoracleException forStatus(int status, byte[] body, String what, RegistryEndpoint endpoint) {
    String detail = detail(body);
    String where = " at " + endpoint + (detail.isEmpty() ? "" : ": " + detail);
    return switch (status) {
      case 401 -> new PermissionDeniedException("the registry refused access to " + what + " (401 unauthorized)" + where);
      case 403 -> new PermissionDeniedException("the registry forbids access to " + what + " (403 forbidden)" + where);
      case 404 -> new NotFoundException(what + " not found" + where);
      default -> isTransient(status)
          ? new UnavailableException("the registry could not serve " + what + " (HTTP " + status + ")" + where)
          : new InternalException("unexpected HTTP " + status + " for " + what + where);
    };
  }

  static CoracleException forIo(IOException e, String what, RegistryEndpoint endpoint) {
    String reason = e instanceof ConnectException ? "connection refused"
        : e instanceof HttpTimeoutException ? "timed out"
        : e instanceof SSLHandshakeException ? untrusted(e, endpoint)
        : e instanceof SSLException ? "TLS failed (" + message(e) + "); if the registry speaks plain HTTP, configure"
            + " it as insecure"
        : message(e);
    return new UnavailableException("cannot fetch " + what + " from " + endpoint + ": " + reason, e);
  }

  /**
   * The JDK words a handshake failure as "PKIX path building failed: ...": say what it means and
   * what to do, and keep its words for the rarer causes (an expired certificate, a name mismatch).
   */
  private static String untrusted(IOException e, RegistryEndpoint endpoint) {
    String fix = endpoint.caFile() == null ? "configure ca_file with the CA that signed it"
        : "it is not signed by a CA in " + endpoint.caFile() + " or the system's";
    return "TLS handshake failed: the registry's certificate is not trusted (" + fix + "): " + message(e);
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The first error of a distribution-spec error body ({@code {"errors":[{"code":..,"message":..}]}}). */
  private static String detail(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode first = JSON.readTree(body).path("errors").path(0);
      if (first.isMissingNode()) {
        return "";
      }
      return first.path("code").asText() + " " + first.path("message").asText();
    } catch (IOException e) {
      String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
      return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : "";
    }
  }
}
