package dev.coracle.cni;

/**
 * A CNI failure: a plugin's own error (the spec's error JSON: code, msg, details), a plugin
 * that could not be run or timed out, or a configuration that cannot be used. The message is
 * written for the person reading a pod's events.
 *
 * @see <a href="https://github.com/containernetworking/cni/blob/main/SPEC.md#error">the spec's error codes</a>
 */
public final class CniException extends RuntimeException {

  /** Codes the spec reserves (1-99); plugins use 100 and up for their own. */
  public static final int INCOMPATIBLE_VERSION = 1;
  public static final int UNSUPPORTED_FIELD = 2;
  public static final int UNKNOWN_CONTAINER = 3;
  public static final int INVALID_ENVIRONMENT = 4;
  public static final int IO_FAILURE = 5;
  public static final int DECODING_FAILURE = 6;
  public static final int INVALID_NETWORK_CONFIG = 7;
  public static final int TRY_AGAIN_LATER = 11;
  public static final int NOT_READY = 50;
  public static final int LIMITED_CONNECTIVITY = 51;

  private final int code;
  private final String plugin;

  /**
   * @param code the spec's error code, or 0 when no plugin gave one (it could not be run, or
   *     the client refused the configuration)
   * @param plugin the plugin type concerned; empty when none is
   */
  public CniException(int code, String plugin, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.plugin = plugin == null ? "" : plugin;
  }

  public CniException(int code, String plugin, String message) {
    this(code, plugin, message, null);
  }

  public int code() {
    return code;
  }

  public String plugin() {
    return plugin;
  }

  /** The plugin asked to be tried again later (code 11), or the network is not ready (50). */
  public boolean isTransient() {
    return code == TRY_AGAIN_LATER || code == NOT_READY;
  }
}
