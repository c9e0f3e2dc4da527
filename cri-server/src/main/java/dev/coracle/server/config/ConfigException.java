package dev.coracle.server.config;

/** The configuration cannot be used; the message names the file and the key. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
