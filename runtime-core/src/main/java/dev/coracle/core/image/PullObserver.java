package dev.coracle.core.image;

/** Told of pull activity, for metrics. The core knows no metrics library; the server plugs one in. */
public interface PullObserver {

  PullObserver NONE = new PullObserver() {};

  /** Bytes of blobs received from a registry. */
  default void bytesReceived(long bytes) {}

  /** A pull ended, successfully or not, after {@code nanos}. */
  default void pullFinished(long nanos, boolean succeeded) {}
}
