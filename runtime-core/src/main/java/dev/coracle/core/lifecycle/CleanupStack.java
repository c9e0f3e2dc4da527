package dev.coracle.core.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo steps of a multi-step creation. Each step that makes something pushes how to unmake
 * it; if the creation fails, {@link #close} runs the steps in reverse, every one even when some
 * fail, so a failed {@code RunPodSandbox} leaves nothing behind. {@link #commit} keeps it all.
 *
 * <pre>{@code
 * try (CleanupStack undo = new CleanupStack("run pod " + id)) {
 *   pins = pinner.pin(...);           undo.push("unpin namespaces", () -> pinner.unpin(pins));
 *   cgroups.create(path);             undo.push("remove cgroup", () -> cgroups.remove(path));
 *   ...
 *   undo.commit();
 * }
 * }</pre>
 */
public final class CleanupStack implements AutoCloseable {

  /** One undo step; it may throw, and the others still run. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private record Labelled(String label, Step step) {}

  private static final Logger log = LoggerFactory.getLogger(CleanupStack.class);

  private final String what;
  private final Deque<Labelled> steps = new ArrayDeque<>();
  private boolean committed;

  public CleanupStack(String what) {
    this.what = what;
  }

  public void push(String label, Step step) {
    steps.push(new Labelled(label, step));
  }

  /** The creation succeeded: nothing is undone. */
  public void commit() {
    committed = true;
  }

  /**
   * Runs every step, latest first, unless committed. Interruption of the calling thread (a
   * cancelled request) does not stop the cleanup: the flag is cleared for the duration and
   * restored afterwards.
   *
   * @return the labels of steps that failed, for callers that report them
   */
  public List<String> undo() {
    List<String> failed = new ArrayList<>();
    if (committed) {
      return failed;
    }
    boolean interrupted = Thread.interrupted();
    try {
      while (!steps.isEmpty()) {
        Labelled step = steps.pop();
        try {
          step.step().run();
        } catch (Exception e) {
          failed.add(step.label());
          log.warn("cleanup of {} could not {}: {}", what, step.label(), e.toString());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    committed = true;
    return failed;
  }

  @Override
  public void close() {
    undo();
  }
}
