package dev.coracle.core.oci.spec;

import java.util.List;
import java.util.Map;

/**
 * An OCI runtime configuration ({@code config.json} of a bundle), runtime spec 1.1.0, with the
 * Linux parts a CRI runtime uses. Field names are the spec's JSON names; a null field is left out
 * of the document (the spec's "optional"), so what is written reads back as an equal record.
 * Build one step at a time with the {@code with...} methods.
 */
public record Spec(
    String ociVersion,
    Process process,
    Root root,
    String hostname,
    String domainname,
    List<Mount> mounts,
    Hooks hooks,
    Map<String, String> annotations,
    Linux linux) {

  /** The version this model follows and writes. */
  public static final String OCI_VERSION = "1.1.0";

  /** An empty configuration of the current version: every step adds to it. */
  public static Spec empty() {
    return new Spec(OCI_VERSION, null, null, null, null, null, null, null, null);
  }

  public Spec withProcess(Process value) {
    return new Spec(ociVersion, value, root, hostname, domainname, mounts, hooks, annotations, linux);
  }

  public Spec withRoot(Root value) {
    return new Spec(ociVersion, process, value, hostname, domainname, mounts, hooks, annotations, linux);
  }

  public Spec withHostname(String value) {
    return new Spec(ociVersion, process, root, value, domainname, mounts, hooks, annotations, linux);
  }

  public Spec withDomainname(String value) {
    return new Spec(ociVersion, process, root, hostname, value, mounts, hooks, annotations, linux);
  }

  public Spec withMounts(List<Mount> value) {
    return new Spec(ociVersion, process, root, hostname, domainname, value, hooks, annotations, linux);
  }

  public Spec withHooks(Hooks value) {
    return new Spec(ociVersion, process, root, hostname, domainname, mounts, value, annotations, linux);
  }

  public Spec withAnnotations(Map<String, String> value) {
    return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, value, linux);
  }

  public Spec withLinux(Linux value) {
    return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, value);
  }

  /** The container's root filesystem: a path relative to the bundle, or absolute. */
  public record Root(String path, Boolean readonly) {}

  /**
   * A mount into the container. {@code type} is the file system type ("proc", "tmpfs", "bind",
   * ...); {@code options} are mount(8) options, "rbind"/"bind" making it a bind mount.
   */
  public record Mount(String destination, String type, String source, List<String> options) {}

  /** Programs the runtime runs at points of the container's life (poststop and the like). */
  public record Hooks(
      List<Hook> prestart,
      List<Hook> createRuntime,
      List<Hook> createContainer,
      List<Hook> startContainer,
      List<Hook> poststart,
      List<Hook> poststop) {}

  /** One hook: {@code path} absolute, {@code args} including argv[0], {@code timeout} in seconds. */
  public record Hook(String path, List<String> args, List<String> env, Integer timeout) {}
}
