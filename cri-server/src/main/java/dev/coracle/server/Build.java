package dev.coracle.server;

/** What this build of the daemon calls itself. */
public final class Build {

  public static final String NAME = "coracle";
  public static final String VERSION = versionFromJar();

  private Build() {}

  private static String versionFromJar() {
    String version = Build.class.getPackage().getImplementationVersion();
    return version != null ? version : "0.0.0-dev";
  }
}
