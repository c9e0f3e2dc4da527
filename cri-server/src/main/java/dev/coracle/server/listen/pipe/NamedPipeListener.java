package dev.coracle.server.listen.pipe;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.server.listen.SocketInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts clients on one named pipe (WINDOWS.md §10) and hands each connected instance on.
 *
 * <p>{@link #open} creates the first instance with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}, so a
 * second daemon on the same name fails at once, as on a held unix socket. {@link #start} runs
 * the accept loop on its own thread: wait for a client on the instance at hand, create the
 * next instance, then hand the connected one on, so a client arriving meanwhile finds an
 * instance waiting. Every instance is byte mode, local clients only, unlimited in number, and
 * carries the DACL {@value #SDDL}: Administrators and SYSTEM, nobody else (containerd's pipe
 * also lets everyone read; kubelet runs as SYSTEM or an Administrator).
 */
final class NamedPipeListener implements AutoCloseable {

  /** Protected (no inherited entries); generic all to BUILTIN\Administrators and LocalSystem. */
  static final String SDDL = "D:P(A;;GA;;;BA)(A;;GA;;;SY)";
  static final int OPEN_MODE = PipeApi.PIPE_ACCESS_DUPLEX | PipeApi.FILE_FLAG_OVERLAPPED;
  static final int PIPE_MODE = PipeApi.PIPE_TYPE_BYTE | PipeApi.PIPE_READMODE_BYTE | PipeApi.PIPE_WAIT
      | PipeApi.PIPE_REJECT_REMOTE_CLIENTS;
  /** Advisory: the system grows a pipe's buffers as needed. */
  static final int BUFFER_BYTES = 64 * 1024;
  /** Zero: the system default (50 ms) for clients' WaitNamedPipe. */
  static final int DEFAULT_TIMEOUT_MS = 0;
  private static final long RETRY_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(NamedPipeListener.class);

  private final PipeApi api;
  private final PipeEndpoint endpoint;
  private final Consumer<PipeConnection> serve;
  private final Pointer securityDescriptor;
  private final Overlapped connect;
  private final Object lock = new Object();
  private Pointer waiting;
  private boolean closed;
  private Thread acceptor;

  private NamedPipeListener(PipeApi api, PipeEndpoint endpoint, Consumer<PipeConnection> serve,
      Pointer securityDescriptor, Pointer connectEvent, Pointer first) {
    this.api = api;
    this.endpoint = endpoint;
    this.serve = serve;
    this.securityDescriptor = securityDescriptor;
    this.connect = new Overlapped(connectEvent);
    this.waiting = first;
  }

  /**
   * Claims the pipe: its first instance exists when this returns, nobody is accepted before
   * {@link #start}.
   *
   * @param serve takes over each connected client; it must not block for long
   * @throws SocketInUseException if another process already serves the pipe
   */
  static NamedPipeListener open(PipeApi api, PipeEndpoint endpoint, Consumer<PipeConnection> serve) {
    PointerByReference descriptor = new PointerByReference();
    if (!api.ConvertStringSecurityDescriptorToSecurityDescriptorW(new WString(SDDL), PipeApi.SDDL_REVISION_1,
        descriptor, null)) {
      throw failure("ConvertStringSecurityDescriptorToSecurityDescriptorW", api.GetLastError());
    }
    Pointer sd = descriptor.getValue();
    Pointer event = api.CreateEventW(null, true, false, null);
    if (event == null) {
      int error = api.GetLastError();
      api.LocalFree(sd);
      throw failure("CreateEventW", error);
    }
    Pointer first = api.CreateNamedPipeW(new WString(endpoint.path()), OPEN_MODE | PipeApi.FILE_FLAG_FIRST_PIPE_INSTANCE,
        PIPE_MODE, PipeApi.PIPE_UNLIMITED_INSTANCES, BUFFER_BYTES, BUFFER_BYTES, DEFAULT_TIMEOUT_MS,
        new PipeApi.SecurityAttributes(sd));
    if (isInvalid(first)) {
      int error = api.GetLastError();
      api.CloseHandle(event);
      api.LocalFree(sd);
      if (error == PipeApi.ERROR_ACCESS_DENIED || error == PipeApi.ERROR_PIPE_BUSY) {
        // With FILE_FLAG_FIRST_PIPE_INSTANCE, access denied means an instance already exists.
        throw new SocketInUseException("the pipe " + endpoint.path() + " is in use: another coracle daemon or another"
            + " program serves it (Windows error " + error + ")");
      }
      throw failure("CreateNamedPipeW " + endpoint.path(), error);
    }
    return new NamedPipeListener(api, endpoint, serve, sd, event, first);
  }

  /** Starts accepting clients. */
  void start() {
    synchronized (lock) {
      if (closed || acceptor != null) {
        throw new IllegalStateException("the listener on " + endpoint.path() + " is closed or already started");
      }
      acceptor = Thread.ofPlatform().name("coracle-pipe-accept").daemon(true).start(this::acceptLoop);
    }
  }

  private void acceptLoop() {
    Pointer instance = waiting;
    try {
      while (instance != null) {
        if (!awaitClient(instance)) {
          if (isClosed()) {
            return;
          }
          // This instance is unusable (the client left before we saw it); start afresh.
          api.DisconnectNamedPipe(instance);
          api.CloseHandle(instance);
          instance = nextInstance();
          continue;
        }
        Pointer connected = instance;
        instance = nextInstance();
        if (instance == null) {
          api.DisconnectNamedPipe(connected); // closed meanwhile: nobody would serve this client
          api.CloseHandle(connected);
          return;
        }
        hand(connected);
      }
    } finally {
      synchronized (lock) {
        waiting = null;
      }
      if (instance != null) {
        api.CloseHandle(instance);
      }
    }
  }

  /** True once a client is connected; false if the wait failed or the listener closed. */
  private boolean awaitClient(Pointer instance) {
    Pointer overlapped = connect.reset();
    if (api.ConnectNamedPipe(instance, overlapped)) {
      return true;
    }
    int error = api.GetLastError();
    if (error == PipeApi.ERROR_PIPE_CONNECTED) {
      return true; // the client came between CreateNamedPipeW and ConnectNamedPipe
    }
    if (error == PipeApi.ERROR_NO_DATA) {
      return false; // a client connected and left before we looked
    }
    if (error != PipeApi.ERROR_IO_PENDING) {
      log.warn("ConnectNamedPipe on {} failed: Windows error {}", endpoint.path(), error);
      return false;
    }
    synchronized (lock) {
      if (closed) {
        api.CancelIoEx(instance, overlapped); // close() came before the wait began
      }
    }
    if (api.GetOverlappedResult(instance, overlapped, new IntByReference(), true)) {
      return true;
    }
    error = api.GetLastError();
    if (error != PipeApi.ERROR_OPERATION_ABORTED) {
      log.warn("waiting for a client on {} failed: Windows error {}", endpoint.path(), error);
    }
    return false;
  }

  /** The next instance, published for close() to cancel; null once closed. */
  private Pointer nextInstance() {
    while (true) {
      Pointer next = api.CreateNamedPipeW(new WString(endpoint.path()), OPEN_MODE, PIPE_MODE,
          PipeApi.PIPE_UNLIMITED_INSTANCES, BUFFER_BYTES, BUFFER_BYTES, DEFAULT_TIMEOUT_MS,
          new PipeApi.SecurityAttributes(securityDescriptor));
      if (isInvalid(next)) {
        log.error("cannot create another instance of {}: Windows error {}; retrying in {} ms", endpoint.path(),
            api.GetLastError(), RETRY_MS);
      }
      synchronized (lock) {
        if (closed) {
          if (!isInvalid(next)) {
            api.CloseHandle(next);
          }
          return null;
        }
        if (!isInvalid(next)) {
          waiting = next;
          return next;
        }
        try {
          lock.wait(RETRY_MS); // close() notifies
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  private void hand(Pointer connected) {
    PipeConnection connection;
    try {
      connection = PipeHandleConnection.open(api, connected);
    } catch (IOException e) {
      log.error("a client on {} is dropped: {}", endpoint.path(), e.getMessage());
      return;
    }
    try {
      serve.accept(connection);
    } catch (RuntimeException e) {
      log.error("a client on {} is dropped: {}", endpoint.path(), e.toString());
      connection.close();
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Stops accepting and closes the waiting instance; connections already handed on stay with
   * their owner. Waits for the accept loop to end.
   */
  @Override
  public void close() {
    Thread loop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
      loop = acceptor;
      if (loop == null) {
        api.CloseHandle(waiting); // never started: the first instance is still ours
        waiting = null;
      } else if (waiting != null) {
        api.CancelIoEx(waiting, null);
      }
    }
    if (loop != null) {
      boolean interrupted = false;
      while (loop.isAlive()) {
        try {
          loop.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    api.CloseHandle(connect.event());
    api.LocalFree(securityDescriptor);
  }

  private static boolean isInvalid(Pointer handle) {
    return handle == null || PipeApi.INVALID_HANDLE_VALUE.equals(handle);
  }

  private static UncheckedIOException failure(String call, int error) {
    return new UncheckedIOException(new IOException(call + " failed: Windows error " + error));
  }
}
