package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;

/** The view a {@link ProcessBehaviour} has of its fake process. */
public interface ScriptedProcess {

  int pid();

  String commandLine();

  /** The {@code ProcessParameters} document it was created with. */
  JsonNode parameters();

  /** What the host writes to the stdin pipe; at its end once the host closes it. Empty without a pipe. */
  InputStream stdin();

  /** To the host's stdout pipe; discarded without one. */
  OutputStream stdout();

  /** To the host's stderr pipe; discarded without one (or with {@code EmulateConsole}). */
  OutputStream stderr();

  /** Blocks until {@code HcsSignalProcess} delivers a signal; returns its name, e.g. {@code CtrlShutdown}. */
  String awaitSignal() throws InterruptedException;
}
