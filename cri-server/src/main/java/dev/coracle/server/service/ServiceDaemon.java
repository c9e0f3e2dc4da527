package dev.coracle.server.service;

/** What a {@link WindowsService} runs: started once, closed once when the SCM says stop. */
@FunctionalInterface
public interface ServiceDaemon {

  /** Stops the daemon in order, as SIGTERM does on Linux; returns once it has let go of everything. */
  void close();

  /** Starts the daemon. */
  @FunctionalInterface
  interface Starter {
    /** @throws ServiceFailure naming the exit code the SCM is told */
    ServiceDaemon start();
  }
}
