package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/**
 * How a spec reacts to a runtime that lacks what it checks. Against another runtime a missing
 * RPC newer than that runtime is a skip with the reason; with {@code -Dcritest.strict=true}
 * (how CI runs Coracle) it is a failure, so no skip can hide a gap in Coracle.
 */
final class Requirements {

  private Requirements() {}

  static boolean strict() {
    return Boolean.getBoolean("critest.strict");
  }

  /** Calls an RPC that only runtimes speaking CRI {@code since} or newer have. */
  static <T> T rpcSince(String rpc, String since, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      String why = "the runtime does not implement " + rpc + " (CRI " + since + "): " + e.getStatus();
      if (strict()) {
        fail(why);
      }
      abort(why);
      throw e;
    }
  }

  /**
   * The pod and container specs: on by default against every runtime;
   * {@code -Dcritest.pods=false} skips them (for a quick run of the rest). Call it before each
   * spec (not once per class), so that every gated spec is reported as skipped, never as a pass.
   */
  static void pods(CriEndpoint endpoint) {
    assumeTrue(podsOn(endpoint), () -> "pod and container specs are off against "
        + endpoint.version().getRuntimeName() + ": -Dcritest.pods=false");
  }

  static boolean podsOn(CriEndpoint endpoint) {
    String gate = System.getProperty("critest.pods", "").trim();
    return gate.isEmpty() || Boolean.parseBoolean(gate);
  }

  /**
   * The pod network specs (pod IPs, traffic to pods, host ports): on by default against every
   * runtime; {@code -Dcritest.network=false} skips them. Call it before each spec, so each is
   * reported as skipped, never as a pass.
   */
  static void network(CriEndpoint endpoint) {
    assumeTrue(networkOn(endpoint), () -> "pod network specs are off against "
        + endpoint.version().getRuntimeName() + ": -Dcritest.network=false");
  }

  static boolean networkOn(CriEndpoint endpoint) {
    String gate = System.getProperty("critest.network", "").trim();
    return gate.isEmpty() || Boolean.parseBoolean(gate);
  }

  /**
   * The node's platform: {@code -Dcritest.platform=windows} starts Coracle as a simulated
   * Windows node (or says the endpoint given is a Windows node); {@code linux} by default.
   */
  static boolean windows() {
    String platform = System.getProperty("critest.platform", "").trim();
    if (!platform.isEmpty() && !platform.equals("linux") && !platform.equals("windows")) {
      throw new IllegalStateException("critest.platform is \"" + platform + "\": linux or windows");
    }
    return platform.equals("windows");
  }

  /**
   * Specs of Linux behaviour (busybox images, cgroups, namespaces, the built-in bridge): skipped,
   * with the reason, on a Windows node. Call it before each spec, so each is reported as skipped.
   */
  static void linux(CriEndpoint endpoint) {
    assumeTrue(!windows(), () -> "a Linux spec; the node under test (" + endpoint.version().getRuntimeName()
        + ") is Windows: -Dcritest.platform=windows");
  }

  /** The Windows specs: they run only with {@code -Dcritest.platform=windows}. */
  static void windows(CriEndpoint endpoint) {
    assumeTrue(windows(), () -> "a Windows spec; the node under test (" + endpoint.version().getRuntimeName()
        + ") is Linux: -Dcritest.platform=linux");
  }

  /** Specs of behaviour only Coracle promises (labelled "Coracle extension" in their names). */
  static void coracleOnly(CriEndpoint endpoint) {
    assumeTrue(endpoint.isCoracle(), () -> "Coracle extension; the runtime under test is "
        + endpoint.version().getRuntimeName());
  }
}
