package dev.coracle.core.namespace;

/** The namespaces a pod keeps for its whole life, independent of any process in it. */
public enum NamespaceKind {
  NET("net", "--net"),
  IPC("ipc", "--ipc"),
  UTS("uts", "--uts");

  private final String file;
  private final String unshareOption;

  NamespaceKind(String file, String unshareOption) {
    this.file = file;
    this.unshareOption = unshareOption;
  }

  /** The pin's file name, also the name the OCI spec uses for the namespace type ({@code network} aside). */
  public String file() {
    return file;
  }

  String unshareOption() {
    return unshareOption;
  }
}
