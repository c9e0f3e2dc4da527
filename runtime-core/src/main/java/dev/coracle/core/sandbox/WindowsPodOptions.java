package dev.coracle.core.sandbox;

/**
 * What a pod asks of a Windows node (CRI's {@code WindowsPodSandboxConfig}); ignored on Linux.
 *
 * @param runAsUsername the user the pod's processes run as by default; empty for the image's
 * @param credentialSpec a gMSA credential spec, as JSON; empty for none
 * @param hostProcess the pod is a HostProcess pod: its containers are host processes in a job
 *     object, on the host network, with no isolation
 */
public record WindowsPodOptions(String runAsUsername, String credentialSpec, boolean hostProcess) {

  public static final WindowsPodOptions NONE = new WindowsPodOptions("", "", false);

  public WindowsPodOptions {
    runAsUsername = runAsUsername == null ? "" : runAsUsername;
    credentialSpec = credentialSpec == null ? "" : credentialSpec;
  }
}
