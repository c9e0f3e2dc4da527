/**
 * The CNI client: network configuration lists from the conf dir ({@code config}), the plugin
 * exec protocol with ADD, DEL, CHECK, STATUS and GC, results of every spec version and their
 * on-disk cache ({@code exec}).
 *
 * <p>It knows nothing of Kubernetes or gRPC types, nor of the rest of the runtime: the daemon
 * adapts it to the runtime's pod network seam.
 */
package dev.coracle.cni;
