package dev.coracle.core.oci.security;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which kernel parameters a pod may set. Only parameters the kernel keeps per namespace are
 * allowed, because writing any other from inside a container changes the whole host:
 * <ul>
 *   <li>IPC namespace: the System V limits {@code kernel.shmall}, {@code kernel.shmmax},
 *       {@code kernel.shmmni}, {@code kernel.shm_rmid_forced}, {@code kernel.msgmax},
 *       {@code kernel.msgmnb}, {@code kernel.msgmni}, {@code kernel.sem}, the
 *       {@code kernel.*_next_id} counters, and POSIX message queues {@code fs.mqueue.*};
 *   <li>network namespace: {@code net.*}.
 * </ul>
 * Either kind is refused when the pod shares that namespace with the host. {@code kernel.hostname}
 * and {@code kernel.domainname} are per UTS namespace too, but a pod's names are set through its
 * hostname, so as sysctls they are refused. (A few {@code net.*} parameters are still global in
 * the kernel; from a pod's namespace they are read-only or absent and the OCI runtime reports
 * the failed write.)
 *
 * <p>Names may be written with dots ({@code net.ipv4.ip_forward}) or slashes
 * ({@code net/ipv4/ip_forward}). As in Kubernetes, when the first separator is a slash the two
 * swap roles: {@code net/ipv4/conf/eth0.100/rp_filter} is {@code net.ipv4.conf.eth0/100.rp_filter}
 * in the dot form the OCI spec uses, a slash there standing for a dot inside one name.
 */
public final class Sysctls {

  private static final Set<String> IPC = Set.of(
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.shm_next_id",
      "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg_next_id", "kernel.sem", "kernel.sem_next_id");

  private static final Set<String> UTS = Set.of("kernel.hostname", "kernel.domainname");

  /** Dot-separated segments; inside one, slashes separate the parts of a dotted name (eth0/100). */
  private static final Pattern DOT_FORM =
      Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*(\\.[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*)+");

  private Sysctls() {}

  /**
   * The pod's sysctls in dot form, sorted by name, after checking each one.
   *
   * @throws InvalidArgumentException naming the first sysctl that is malformed, not namespaced,
   *     or needs a namespace the pod shares with the host, and why
   */
  public static Map<String, String> validate(Map<String, String> sysctls, boolean hostNetwork, boolean hostIpc) {
    Map<String, String> result = new TreeMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(sysctls).entrySet()) {
      String name = normalize(entry.getKey());
      check(name, hostNetwork, hostIpc);
      String previous = result.put(name, entry.getValue());
      if (previous != null && !previous.equals(entry.getValue())) {
        throw new InvalidArgumentException("sysctl " + name + " is given twice with different values");
      }
    }
    return Collections.unmodifiableMap(result);
  }

  /** The dot form of a name written with dots or slashes. */
  static String normalize(String name) {
    int dot = name.indexOf('.');
    int slash = name.indexOf('/');
    boolean slashForm = slash >= 0 && (dot < 0 || slash < dot);
    String dotted = slashForm ? swapSeparators(name) : name;
    if (!DOT_FORM.matcher(dotted).matches()) {
      throw new InvalidArgumentException("sysctl name \"" + name + "\" is malformed");
    }
    return dotted;
  }

  private static void check(String name, boolean hostNetwork, boolean hostIpc) {
    if (UTS.contains(name)) {
      throw new InvalidArgumentException("sysctl " + name
          + " is not allowed: the pod's host and domain names are set through its UTS namespace (the pod's hostname)");
    }
    if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
      if (hostIpc) {
        throw new InvalidArgumentException("sysctl " + name
            + " needs the pod's own IPC namespace, but the pod shares the host's (hostIPC) and would change the host");
      }
      return;
    }
    if (name.startsWith("net.")) {
      if (hostNetwork) {
        throw new InvalidArgumentException("sysctl " + name
            + " needs the pod's own network namespace, but the pod uses the host's network and would change the host");
      }
      return;
    }
    throw new InvalidArgumentException("sysctl " + name + " is not namespaced and would change the host");
  }

  private static String swapSeparators(String name) {
    StringBuilder swapped = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      swapped.append(c == '/' ? '.' : c == '.' ? '/' : c);
    }
    return swapped.toString();
  }
}
