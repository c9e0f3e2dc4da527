package dev.coracle.hcs.fake;

/**
 * What a fake process does, chosen by its {@code CommandLine}. It runs on a thread of its own
 * and returns the exit code; {@code HcsTerminateProcess} interrupts it (the exit code is then
 * 1, whatever it returns).
 */
@FunctionalInterface
public interface ProcessBehaviour {

  int run(ScriptedProcess process) throws Exception;
}
