package dev.coracle.server.listen.pipe;

import dev.coracle.core.error.InvalidArgumentException;

/**
 * A local named pipe as kubelet names it: {@code npipe:////./pipe/NAME} or
 * {@code npipe://./pipe/NAME}, both the pipe {@code \\.\pipe\NAME} (WINDOWS.md §10).
 *
 * @param name the pipe's own name, the part after {@code \\.\pipe\}
 */
public record PipeEndpoint(String name) {

  private static final String SCHEME = "npipe:";
  private static final String PREFIX = "\\\\.\\pipe\\";
  /** Windows caps the whole pipe path at 256 characters. */
  private static final int MAX_PATH = 256;

  public PipeEndpoint {
    if (name.isEmpty() || name.indexOf('\\') >= 0 || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("a pipe name must be non-empty and hold no '\\', '/' or NUL, not \""
          + name + "\"");
    }
    if (PREFIX.length() + name.length() > MAX_PATH) {
      throw new InvalidArgumentException("the pipe name \"" + name + "\" is longer than Windows allows (a pipe path has at most "
          + MAX_PATH + " characters)");
    }
  }

  /** The default pipe the daemon serves on Windows. */
  public static final PipeEndpoint DEFAULT = new PipeEndpoint("coracle");

  /**
   * Parses either form kubelet accepts; anything else (another scheme, a remote host, a path
   * outside {@code pipe/}) is refused with the forms that would do.
   */
  public static PipeEndpoint parse(String endpoint) {
    String rest = null;
    if (endpoint.startsWith(SCHEME + "////./pipe/")) {
      rest = endpoint.substring((SCHEME + "////./pipe/").length());
    } else if (endpoint.startsWith(SCHEME + "//./pipe/")) {
      rest = endpoint.substring((SCHEME + "//./pipe/").length());
    }
    if (rest == null || rest.isEmpty() || rest.contains("/")) {
      throw new InvalidArgumentException("\"" + endpoint + "\" is not a local named pipe endpoint: write "
          + "npipe:////./pipe/NAME or npipe://./pipe/NAME");
    }
    return new PipeEndpoint(rest);
  }

  /** The path {@code CreateNamedPipeW} takes: {@code \\.\pipe\NAME}. */
  public String path() {
    return PREFIX + name;
  }

  /** The canonical endpoint, as kubelet's {@code --container-runtime-endpoint} takes it. */
  @Override
  public String toString() {
    return SCHEME + "////./pipe/" + name;
  }
}
