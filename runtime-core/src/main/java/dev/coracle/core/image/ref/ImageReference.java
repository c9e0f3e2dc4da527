package dev.coracle.core.image.ref;

import dev.coracle.core.error.InvalidArgumentException;

/**
 * A normalised image reference, {@code registry/repository[:tag][@digest]}, as kubelet and crictl
 * users write it: {@code busybox} means {@code docker.io/library/busybox:latest}.
 *
 * <p>After {@link #parse} at least one of tag and digest is set. A reference with both names the
 * manifest by digest; the tag is kept for display and for recording the image under that tag.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  private static final String OFFICIAL_PREFIX = "library/";

  public ImageReference {
    String problem = ReferenceGrammar.registryProblem(registry);
    if (problem == null) {
      problem = ReferenceGrammar.repositoryProblem(repository);
    }
    if (problem == null && tag != null) {
      problem = ReferenceGrammar.tagProblem(tag);
    }
    if (problem != null) {
      throw invalid(registry + "/" + repository + (tag == null ? "" : ":" + tag), problem);
    }
  }

  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid("", "empty reference");
    }
    if (looksLikeImageId(text)) {
      throw invalid(text, "this is an image ID, not an image reference");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(text, rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      requireValid(text, ReferenceGrammar.tagProblem(tag));
    }
    if (rest.isEmpty()) {
      throw invalid(text, "missing repository name");
    }
    if (rest.length() > ReferenceGrammar.MAX_NAME_LENGTH) {
      throw invalid(text, "repository name must not be longer than " + ReferenceGrammar.MAX_NAME_LENGTH + " characters");
    }
    return fromName(text, rest, tag, digest);
  }

  private static ImageReference fromName(String text, String name, String tag, Digest digest) {
    String registry = DOCKER_HUB;
    String path = name;
    int slash = name.indexOf('/');
    if (slash > 0 && ReferenceGrammar.looksLikeRegistry(name.substring(0, slash))) {
      registry = name.substring(0, slash);
      path = name.substring(slash + 1);
      requireValid(text, ReferenceGrammar.registryProblem(registry));
    }
    requireValid(text, ReferenceGrammar.repositoryProblem(path));
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = OFFICIAL_PREFIX + path;
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  private static Digest parseDigest(String text, String digestText) {
    try {
      return Digest.parse(digestText);
    } catch (InvalidArgumentException e) {
      throw invalid(text, "invalid digest: " + e.getMessage(), e);
    }
  }

  /**
   * True for a bare 64-hex image ID or {@code sha256:<64 hex>}: CRI clients sometimes pass an
   * image ID where a reference goes, and it must be looked up, not pulled.
   */
  public static boolean looksLikeImageId(String text) {
    if (text == null) {
      return false;
    }
    String hex = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
    return ReferenceGrammar.isHex64(hex);
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /**
   * What names the manifest in {@code /v2/<repository>/manifests/<reference>}: the digest if
   * known, because a tag can move.
   *
   * @throws IllegalStateException for a bare name (see {@link #withoutTag()})
   */
  public String manifestReference() {
    if (digest != null) {
      return digest.toString();
    }
    if (tag == null) {
      throw new IllegalStateException(name() + " has neither tag nor digest");
    }
    return tag;
  }

  public ImageReference withDigest(Digest d) {
    return new ImageReference(registry, repository, tag, d);
  }

  /**
   * The same reference without its tag, such as the {@code repo@digest} form an image is
   * recorded under. On a reference without digest this leaves a bare name that has no
   * {@link #manifestReference()}.
   */
  public ImageReference withoutTag() {
    return new ImageReference(registry, repository, null, digest);
  }

  /** The short name people type, for display: {@code busybox}, {@code user/app}, {@code quay.io/x/y}. */
  public String familiarName() {
    if (!registry.equals(DOCKER_HUB)) {
      return name();
    }
    boolean official = repository.startsWith(OFFICIAL_PREFIX)
        && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0;
    return official ? repository.substring(OFFICIAL_PREFIX.length()) : repository;
  }

  @Override
  public String toString() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  private static void requireValid(String text, String problem) {
    if (problem != null) {
      throw invalid(text, problem);
    }
  }

  private static InvalidArgumentException invalid(String text, String problem) {
    return invalid(text, problem, null);
  }

  private static InvalidArgumentException invalid(String text, String problem, Throwable cause) {
    return new InvalidArgumentException("invalid image reference \"" + text + "\": " + problem, cause);
  }
}
