package dev.coracle.critest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every pod and container spec class shares: the endpoint, the pods of the running spec
 * (stopped and removed after it, pass or fail), the busybox image pulled once per class, and the
 * {@code critest.pods} gate checked before each spec. They are Linux specs: skipped on a Windows
 * node, which has {@link WindowsPodSpec} instead.
 */
abstract class PodSpecBase {

  final CriEndpoint cri = CriEndpoint.get();
  final Pods pods = new Pods(cri);

  @BeforeAll
  static void pullBusybox() {
    if (Requirements.podsOn(CriEndpoint.get()) && !Requirements.windows()) {
      Busybox.pull(CriEndpoint.get());
    }
  }

  @BeforeEach
  void podsGate() {
    Requirements.linux(cri);
    Requirements.pods(cri);
  }

  @AfterEach
  void removePods() {
    pods.close();
  }
}
