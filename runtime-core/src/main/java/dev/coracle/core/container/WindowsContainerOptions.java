package dev.coracle.core.container;

/**
 * What a container asks of a Windows node (CRI's {@code WindowsContainerConfig}); ignored on
 * Linux.
 *
 * @param resources its limits
 * @param runAsUsername the user its processes run as; empty for the pod's or the image's
 * @param credentialSpec a gMSA credential spec, as JSON; empty for none
 * @param hostProcess a HostProcess container (must equal its pod's flag)
 */
public record WindowsContainerOptions(WindowsResources resources, String runAsUsername, String credentialSpec,
    boolean hostProcess) {

  public static final WindowsContainerOptions NONE = new WindowsContainerOptions(WindowsResources.NONE, "", "", false);

  public WindowsContainerOptions {
    resources = resources == null ? WindowsResources.NONE : resources;
    runAsUsername = runAsUsername == null ? "" : runAsUsername;
    credentialSpec = credentialSpec == null ? "" : credentialSpec;
  }
}
