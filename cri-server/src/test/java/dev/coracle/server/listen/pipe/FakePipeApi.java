package dev.coracle.server.listen.pipe;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A recording {@link PipeApi}: pipe instances with a scripted client at the other end. It logs
 * each call that matters as a line ("create h1 first", "connect h1", "serve h1", ...), keeps
 * every handle and local allocation it hands out until closed or freed, and notes any misuse
 * (a handle closed twice or while its I/O is pending, an unknown overlapped, a leaked
 * descriptor) in {@link #errors}. Last errors are per thread, as on Windows.
 */
final class FakePipeApi implements PipeApi {

  /** One CreateNamedPipeW call as made. */
  record Create(String name, int openMode, int pipeMode, int maxInstances, long securityDescriptor,
      boolean attributesSized, long handle) {}

  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  final List<Create> creates = new ArrayList<>();
  final List<String> sddls = new ArrayList<>();
  final List<Integer> sddlRevisions = new ArrayList<>();

  private final ThreadLocal<Integer> lastError = ThreadLocal.withInitial(() -> 0);
  private final Map<Long, String> open = new HashMap<>();
  private final Set<Long> locals = new HashSet<>();
  private final List<Instance> instances = new ArrayList<>();
  private long next = 1;

  /** One pipe instance and its client. */
  final class Instance {
    final long handle;
    final String name;
    private final Map<Long, CompletableFuture<Integer>> ops = new HashMap<>();
    private final Deque<byte[]> fromClient = new ArrayDeque<>();
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private CompletableFuture<Integer> connect;
    private long connectKey;
    private CompletableFuture<Integer> read;
    private Pointer readBuffer;
    private int readSize;
    private boolean clientWaiting;
    private boolean clientCameAndWent;
    private boolean clientGone;

    Instance(long handle, String name) {
      this.handle = handle;
      this.name = name;
    }

    /** A client opens the pipe: completes a waiting ConnectNamedPipe, or is there before it. */
    void clientConnects() {
      synchronized (FakePipeApi.this) {
        if (connect != null) {
          connect.complete(0);
          connect = null;
        } else {
          clientWaiting = true;
        }
      }
    }

    /** A client opens and closes the pipe before ConnectNamedPipe: it will say ERROR_NO_DATA. */
    void clientComesAndGoes() {
      synchronized (FakePipeApi.this) {
        clientCameAndWent = true;
      }
    }

    void clientSends(byte[] bytes) {
      synchronized (FakePipeApi.this) {
        fromClient.add(bytes);
        deliver();
      }
    }

    /** The client closes its end: reads see ERROR_BROKEN_PIPE. */
    void clientHangsUp() {
      synchronized (FakePipeApi.this) {
        clientGone = true;
        if (read != null) {
          read.complete(-ERROR_BROKEN_PIPE);
          read = null;
        }
      }
    }

    byte[] clientReceived() {
      synchronized (FakePipeApi.this) {
        return toClient.toByteArray();
      }
    }

    /** Waits until the server has written at least {@code count} bytes to the client. */
    byte[] awaitReceived(int count) throws InterruptedException {
      awaitTrue(() -> toClient.size() >= count, "the client never received " + count + " bytes on h" + handle);
      return clientReceived();
    }

    void awaitReadPending() throws InterruptedException {
      awaitTrue(() -> read != null, "no read pending on h" + handle);
    }

    private void deliver() {
      if (read != null && !fromClient.isEmpty()) {
        byte[] bytes = fromClient.poll();
        int count = Math.min(bytes.length, readSize);
        readBuffer.write(0, bytes, 0, count);
        if (count < bytes.length) {
          fromClient.addFirst(java.util.Arrays.copyOfRange(bytes, count, bytes.length));
        }
        read.complete(count);
        read = null;
      }
    }
  }

  /** Logs a line; the sink of a test logs its own ("serve h1") here too. */
  synchronized void record(String line) {
    log.add(line);
    notifyAll();
  }

  /** Waits until {@code line} is logged. */
  void awaitLog(String line) throws InterruptedException {
    awaitTrue(() -> log.contains(line), "\"" + line + "\" never logged");
  }

  private synchronized void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(what + "; log " + log);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The index-th instance created (0 first), once it exists. */
  Instance instance(int index) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (this) {
      while (instances.size() <= index) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("instance " + index + " was never created; log " + log);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return instances.get(index);
    }
  }

  synchronized Set<String> openHandles() {
    Set<String> all = new HashSet<>();
    open.forEach((handle, kind) -> all.add(kind + " h" + handle));
    locals.forEach(local -> all.add("local s" + local));
    return all;
  }

  long id(Pointer handle) {
    return Pointer.nativeValue(handle);
  }

  private synchronized Instance find(Pointer handle) {
    long id = Pointer.nativeValue(handle);
    for (Instance instance : instances) {
      if (instance.handle == id) {
        return instance;
      }
    }
    throw new AssertionError("not a pipe handle: " + id);
  }

  private boolean fail(int error) {
    lastError.set(error);
    return false;
  }

  @Override
  public synchronized Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances,
      int outBufferSize, int inBufferSize, int defaultTimeOutMs, SecurityAttributes securityAttributes) {
    boolean first = (openMode & FILE_FLAG_FIRST_PIPE_INSTANCE) != 0;
    boolean exists = instances.stream().anyMatch(i -> i.name.equals(name.toString()) && open.containsKey(i.handle));
    long sd = securityAttributes == null ? 0 : Pointer.nativeValue(securityAttributes.lpSecurityDescriptor);
    if (sd != 0 && !locals.contains(sd)) {
      errors.add("CreateNamedPipeW with a freed or unknown security descriptor s" + sd);
    }
    if (first && exists) {
      creates.add(new Create(name.toString(), openMode, pipeMode, maxInstances, sd, true, 0));
      record("create refused (in use)");
      lastError.set(ERROR_ACCESS_DENIED);
      return INVALID_HANDLE_VALUE;
    }
    long handle = next++;
    open.put(handle, "pipe");
    creates.add(new Create(name.toString(), openMode, pipeMode, maxInstances, sd,
        securityAttributes != null && securityAttributes.nLength == securityAttributes.size(), handle));
    instances.add(new Instance(handle, name.toString()));
    record("create h" + handle + (first ? " first" : ""));
    notifyAll();
    return new Pointer(handle);
  }

  @Override
  public boolean ConnectNamedPipe(Pointer namedPipe, Pointer overlapped) {
    Instance instance = find(namedPipe);
    synchronized (this) {
      record("connect h" + instance.handle);
      if (instance.clientCameAndWent) {
        instance.clientCameAndWent = false;
        return fail(ERROR_NO_DATA);
      }
      if (instance.clientWaiting) {
        instance.clientWaiting = false;
        return fail(ERROR_PIPE_CONNECTED);
      }
      instance.connect = new CompletableFuture<>();
      instance.connectKey = Pointer.nativeValue(overlapped);
      instance.ops.put(instance.connectKey, instance.connect);
      return fail(ERROR_IO_PENDING);
    }
  }

  @Override
  public synchronized boolean DisconnectNamedPipe(Pointer namedPipe) {
    Instance instance = find(namedPipe);
    record("disconnect h" + instance.handle);
    instance.clientGone = true;
    return true;
  }

  @Override
  public boolean ReadFile(Pointer file, Pointer buffer, int numberOfBytesToRead, IntByReference numberOfBytesRead,
      Pointer overlapped) {
    Instance instance = find(file);
    synchronized (this) {
      if (numberOfBytesRead != null) {
        errors.add("ReadFile on an overlapped handle with a byte count pointer");
      }
      if (instance.clientGone && instance.fromClient.isEmpty()) {
        return fail(ERROR_BROKEN_PIPE);
      }
      instance.read = new CompletableFuture<>();
      instance.readBuffer = buffer;
      instance.readSize = numberOfBytesToRead;
      instance.ops.put(Pointer.nativeValue(overlapped), instance.read);
      instance.deliver();
      notifyAll();
      return fail(ERROR_IO_PENDING);
    }
  }

  @Override
  public boolean WriteFile(Pointer file, Pointer buffer, int numberOfBytesToWrite, IntByReference numberOfBytesWritten,
      Pointer overlapped) {
    Instance instance = find(file);
    synchronized (this) {
      if (instance.clientGone) {
        return fail(ERROR_NO_DATA);
      }
      instance.toClient.writeBytes(buffer.getByteArray(0, numberOfBytesToWrite));
      notifyAll();
      instance.ops.put(Pointer.nativeValue(overlapped), CompletableFuture.completedFuture(numberOfBytesToWrite));
      return true;
    }
  }

  @Override
  public boolean GetOverlappedResult(Pointer file, Pointer overlapped, IntByReference numberOfBytesTransferred,
      boolean wait) {
    Instance instance = find(file);
    CompletableFuture<Integer> op;
    synchronized (this) {
      op = instance.ops.get(Pointer.nativeValue(overlapped));
    }
    if (op == null) {
      errors.add("GetOverlappedResult for an overlapped with no I/O on h" + instance.handle);
      return fail(ERROR_NOT_FOUND);
    }
    if (!wait) {
      errors.add("GetOverlappedResult without waiting");
    }
    int result = op.join();
    synchronized (this) {
      instance.ops.remove(Pointer.nativeValue(overlapped));
    }
    if (result < 0) {
      return fail(-result);
    }
    numberOfBytesTransferred.setValue(result);
    return true;
  }

  @Override
  public synchronized boolean CancelIoEx(Pointer file, Pointer overlapped) {
    Instance instance = find(file);
    boolean any = false;
    for (Map.Entry<Long, CompletableFuture<Integer>> op : instance.ops.entrySet()) {
      if (overlapped == null || op.getKey() == Pointer.nativeValue(overlapped)) {
        any |= op.getValue().complete(-ERROR_OPERATION_ABORTED);
      }
    }
    if (any) {
      record("cancel h" + instance.handle);
      instance.read = null;
      instance.connect = null;
      return true;
    }
    return fail(ERROR_NOT_FOUND);
  }

  @Override
  public synchronized Pointer CreateEventW(SecurityAttributes eventAttributes, boolean manualReset, boolean initialState,
      WString name) {
    if (!manualReset) {
      errors.add("an auto-reset event for overlapped I/O");
    }
    long handle = next++;
    open.put(handle, "event");
    return new Pointer(handle);
  }

  @Override
  public synchronized boolean CloseHandle(Pointer object) {
    long handle = Pointer.nativeValue(object);
    String kind = open.remove(handle);
    if (kind == null) {
      errors.add("CloseHandle of h" + handle + ", not open");
      return fail(6); // ERROR_INVALID_HANDLE
    }
    for (Instance instance : instances) {
      if (instance.handle == handle && instance.ops.values().stream().anyMatch(op -> !op.isDone())) {
        errors.add("h" + handle + " closed with I/O pending");
      }
    }
    if (kind.equals("pipe")) {
      record("close h" + handle);
    }
    return true;
  }

  @Override
  public int GetLastError() {
    return lastError.get();
  }

  @Override
  public synchronized boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString stringSecurityDescriptor,
      int revision, PointerByReference securityDescriptor, IntByReference securityDescriptorSize) {
    sddls.add(stringSecurityDescriptor.toString());
    sddlRevisions.add(revision);
    long local = next++;
    locals.add(local);
    securityDescriptor.setValue(new Pointer(local));
    record("sd s" + local);
    return true;
  }

  @Override
  public synchronized Pointer LocalFree(Pointer mem) {
    long local = Pointer.nativeValue(mem);
    if (!locals.remove(local)) {
      errors.add("LocalFree of s" + local + ", not allocated");
      return mem;
    }
    record("free s" + local);
    return null;
  }
}
