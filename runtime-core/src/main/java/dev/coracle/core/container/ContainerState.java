package dev.coracle.core.container;

/**
 * The life of a container.
 *
 * <pre>
 *   create ──► CREATED ──start──► RUNNING ──exit (by itself, stop, kill)──► EXITED ──remove──► (gone)
 *                 └────────────kill, or a failed start───────────────────────┘
 * </pre>
 *
 * A container whose record survives but whose runtime state is lost (the host rebooted under a
 * persistent state dir) is EXITED when found, with exit code 255 and reason "Unknown". UNKNOWN
 * is never recorded: it is what the server reports when it cannot tell.
 */
public enum ContainerState {
  CREATED,
  RUNNING,
  EXITED,
  UNKNOWN
}
