package dev.coracle.server.rpc;

import io.grpc.stub.StreamObserver;

/** Sends a unary call's one answer. Failures are thrown, not sent: {@link CallInterceptor} maps them. */
public final class Unary {

  private Unary() {}

  public static <R> void answer(StreamObserver<R> observer, R response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
