package dev.coracle.server.listen;

/** Another process already serves the socket path or the pipe; starting a second daemon there is refused. */
public final class SocketInUseException extends RuntimeException {

  public SocketInUseException(String message) {
    super(message);
  }
}
