package dev.coracle.server.rpc;

import dev.coracle.server.metrics.RpcMetrics;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every CRI call: turns a handler's exception into the call's status, records latency
 * and errors, and logs the call with its IDs. Handlers just throw; nothing else builds a
 * status.
 */
public final class CallInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger("dev.coracle.server.rpc");

  private final RpcMetrics metrics;
  private final AtomicLong sequence = new AtomicLong();

  public CallInterceptor(RpcMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    TrackedCall<Q, R> tracked = new TrackedCall<>(call, sequence.incrementAndGet());
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(tracked, headers);
    } catch (RuntimeException e) {
      tracked.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        tracked.ids = RequestIds.of(message);
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          tracked.fail(e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          tracked.fail(e);
        }
      }
    };
  }

  private final class TrackedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final long id;
    private final long start = System.nanoTime();
    private final String method;
    private volatile String ids = "";
    private volatile boolean closed;

    TrackedCall(ServerCall<Q, R> call, long id) {
      super(call);
      this.id = id;
      this.method = call.getMethodDescriptor().getBareMethodName();
    }

    void fail(RuntimeException failure) {
      Status status = ErrorStatus.of(failure);
      if (ErrorStatus.isInternal(failure)) {
        log.error("call #{} {}{} failed inside the runtime", id, method, ids, failure);
      } else if (failure.getCause() != null) {
        log.info("call #{} {}{} {}: {} (cause: {})", id, method, ids, status.getCode(), failure.getMessage(),
            failure.getCause().toString());
      }
      if (!closed) {
        close(status, new Metadata());
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
      long nanos = System.nanoTime() - start;
      String code = status.getCode().name();
      metrics.record(method, code, nanos);
      if (status.isOk()) {
        log.debug("call #{} {}{} OK in {} us", id, method, ids, nanos / 1000);
      } else {
        log.debug("call #{} {}{} {} in {} us: {}", id, method, ids, code, nanos / 1000, status.getDescription());
      }
      super.close(status, trailers);
    }
  }
}
