package dev.coracle.core.sandbox;

/**
 * The life of a pod sandbox.
 *
 * <pre>
 *   run ──► READY ──stop──► NOTREADY ──remove──► (gone)
 *             └──────────────remove (stops first)──┘
 * </pre>
 *
 * A sandbox whose infra process died while the daemon was away is NOTREADY when found.
 */
public enum SandboxState {
  READY,
  NOTREADY
}
