package dev.coracle.core.image.manifest;

import java.util.Comparator;

/**
 * A backend's own say in which entry of an image index a pull takes, on top of the OS,
 * architecture and variant match {@link PlatformSelector} makes. The Windows backend uses it
 * for the host/image OS build rule (WINDOWS.md §5); Linux needs none ({@link #ANY}).
 *
 * <p>The runtime handler of the pull ({@code ImageSpec.runtime_handler}, "" for the default)
 * is passed along because what may run depends on the isolation the handler picks. A single
 * manifest (no index) is never put to the policy: there is nothing to choose.
 */
public interface PlatformPolicy {

  /** Accepts every entry and prefers none: today's behaviour, and Linux's. */
  PlatformPolicy ANY = (entry, runtimeHandler) -> true;

  /** Whether the entry may be chosen for a pull with this runtime handler ("" for the default). */
  boolean accepts(Descriptor entry, String runtimeHandler);

  /**
   * Breaks ties between entries that fit the platform equally well: the greater one wins, and
   * entries this comparator calls equal keep index order (the first listed wins).
   */
  default Comparator<Descriptor> preference() {
    return (a, b) -> 0;
  }

  /**
   * What the policy checks, for the message when no entry passes (e.g. "that host OS build
   * 10.0.20348 (Windows Server 2022 (20348)) can run process-isolated"); "" says nothing.
   */
  default String describe(String runtimeHandler) {
    return "";
  }
}
