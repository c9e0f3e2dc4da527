/**
 * The CNI client: network configuration lists from the conf dir, the plugin exec protocol
 * (ADD, DEL, CHECK, STATUS, GC), results of every spec version and their on-disk cache.
 *
 * <p>It knows nothing of Kubernetes or gRPC types. Its contents arrive with the pod networking
 * work; until then the module holds only this description so the reactor has its final shape.
 */
package dev.coracle.cni;
