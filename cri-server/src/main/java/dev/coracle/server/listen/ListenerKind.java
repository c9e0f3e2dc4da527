package dev.coracle.server.listen;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.server.listen.pipe.NamedPipeServer;
import dev.coracle.server.listen.pipe.PipeEndpoint;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How this platform is reached, as {@code --listen} and the {@code listen} key name it: a unix
 * socket on Linux; a named pipe on Windows, where kubelet dials only {@code npipe://} and
 * {@code tcp://}, not {@code unix://} (WINDOWS.md §10).
 */
public enum ListenerKind {

  UNIX_SOCKET {
    @Override
    public String defaultEndpoint(Path stateDir) {
      return stateDir.resolve("coracle.sock").toString();
    }

    @Override
    public String canonical(String endpoint) {
      if (endpoint.startsWith("npipe:")) {
        throw new InvalidArgumentException("named pipes (" + endpoint + ") are served on Windows only; here, name"
            + " a unix socket by its absolute path");
      }
      String path = endpoint.startsWith(UNIX_SCHEME) ? endpoint.substring(UNIX_SCHEME.length()) : endpoint;
      try {
        if (Path.of(path).isAbsolute()) {
          return path;
        }
      } catch (InvalidPathException e) {
        // refused below
      }
      throw new InvalidArgumentException("the unix socket must be an absolute path, not \"" + endpoint + "\"");
    }

    @Override
    public Listener claim(String endpoint) {
      return UnixSocketListener.claim(Path.of(canonical(endpoint)));
    }

    @Override
    public void preload() {
      Epoll.ensureAvailability();
    }
  },

  NAMED_PIPE {
    @Override
    public String defaultEndpoint(Path stateDir) {
      return PipeEndpoint.DEFAULT.toString();
    }

    @Override
    public String canonical(String endpoint) {
      return PipeEndpoint.parse(endpoint).toString();
    }

    @Override
    public Listener claim(String endpoint) {
      return NamedPipeServer.claim(PipeEndpoint.parse(endpoint));
    }

    @Override
    public void preload() {
      // Nothing native worth loading early: kernel32 is loaded with the process.
    }
  };

  private static final String UNIX_SCHEME = "unix://";

  /** The kind this JVM's operating system serves. */
  public static ListenerKind host() {
    return forOs(System.getProperty("os.name", ""));
  }

  /** The kind of the operating system named as {@code os.name} names it: the one test of it. */
  public static ListenerKind forOs(String osName) {
    return osName.startsWith("Windows") ? NAMED_PIPE : UNIX_SOCKET;
  }

  /** Where the daemon listens when neither {@code --listen} nor the config says. */
  public abstract String defaultEndpoint(Path stateDir);

  /**
   * The endpoint in the one form the daemon keeps and logs.
   *
   * @throws InvalidArgumentException if this platform cannot serve it
   */
  public abstract String canonical(String endpoint);

  /**
   * Claims the endpoint; clients get in once {@link Listener#serving()} is called.
   *
   * @throws SocketInUseException if another process serves it
   */
  public abstract Listener claim(String endpoint);

  /** Loads the transport's native parts ahead of {@link #claim}; safe on another thread. */
  public abstract void preload();
}
