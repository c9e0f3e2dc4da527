package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends requests to a registry and answers its challenges: {@code Basic} with the credentials,
 * {@code Bearer} by fetching a token from the challenge's realm (always asking for pull and push
 * on the repository, plus whatever the challenge asked). Tokens are kept per repository.
 */
final class RegistryAuth {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient client;
  private final String basic;
  private final Map<String, String> bearerByRepository = new ConcurrentHashMap<>();
  private volatile boolean basicWanted;

  RegistryAuth(HttpClient client, String username, String password) {
    this.client = client;
    this.basic = username == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends, and once more with credentials if the registry challenges. */
  <T> HttpResponse<T> send(String repository, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    HttpResponse<T> response = exchange(withCredentials(repository, request), handler);
    if (response.statusCode() != 401) {
      return response;
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      basicWanted = true;
    } else if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      bearerByRepository.put(repository, fetchToken(repository, parameters(challenge)));
    } else {
      return response;
    }
    return exchange(withCredentials(repository, request), handler);
  }

  private HttpRequest withCredentials(String repository, HttpRequest.Builder request) {
    HttpRequest.Builder copy = request.copy();
    String bearer = bearerByRepository.get(repository);
    if (bearer != null) {
      copy.setHeader("Authorization", "Bearer " + bearer);
    } else if (basicWanted && basic != null) {
      copy.setHeader("Authorization", basic);
    }
    return copy.build();
  }

  private String fetchToken(String repository, Map<String, String> challenge) {
    String realm = challenge.get("realm");
    if (realm == null || basic == null) {
      throw new IllegalStateException("bearer challenge " + challenge + " cannot be answered without realm and credentials");
    }
    StringBuilder query = new StringBuilder();
    if (challenge.containsKey("service")) {
      query.append("service=").append(encode(challenge.get("service"))).append('&');
    }
    query.append("scope=").append(encode("repository:" + repository + ":" + actions(repository, challenge)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
        .header("Authorization", basic)
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token request " + request.uri() + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
      if (token == null) {
        throw new IllegalStateException("token response without a token: " + body);
      }
      return token.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** pull and push, plus any other action the challenge's scope for this repository names (delete). */
  private static String actions(String repository, Map<String, String> challenge) {
    Set<String> actions = new TreeSet<>(Set.of("pull", "push"));
    String scope = challenge.getOrDefault("scope", "");
    String prefix = "repository:" + repository + ":";
    for (String one : scope.split(" ")) {
      if (one.startsWith(prefix)) {
        actions.addAll(Set.of(one.substring(prefix.length()).split(",")));
      }
    }
    return String.join(",", actions);
  }

  static Map<String, String> parameters(String challenge) {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAM.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1), matcher.group(2));
    }
    return parameters;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
