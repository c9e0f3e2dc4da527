package dev.coracle.cni.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The host side of the CNI integration tests: commands, network namespaces named for the test,
 * and undo steps run in reverse at the end, whatever happened.
 */
final class NetHost implements AutoCloseable {

  private final Deque<Runnable> undo = new ArrayDeque<>();
  final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);

  static boolean usable() {
    return Files.isExecutable(Path.of("/usr/lib/cni/bridge"))
        && Files.isExecutable(Path.of("/usr/sbin/ip"))
        && Files.isExecutable(Path.of("/usr/bin/busybox"))
        && "0".equals(tryRun("id", "-u").strip());
  }

  /** A fresh network namespace; deleted at the end. */
  Path netns(String name) {
    String full = "coracle-test-" + suffix + "-" + name;
    run("ip", "netns", "add", full);
    undo.push(() -> tryRun("ip", "netns", "del", full));
    return Path.of("/run/netns", full);
  }

  /** A free /24 of 198.18.0.0/16: no route and no address on the host inside it. */
  String freeSubnetPrefix() {
    for (int i = 0; i < 50; i++) {
      String prefix = "198.18." + ThreadLocalRandom.current().nextInt(1, 255);
      String cidr = prefix + ".0/24";
      if (run("ip", "-4", "route", "show", cidr).isBlank()
          && run("ip", "-4", "-o", "addr", "show", "to", cidr).isBlank()) {
        return prefix;
      }
    }
    throw new IllegalStateException("no free /24 in 198.18.0.0/16");
  }

  void onClose(Runnable step) {
    undo.push(step);
  }

  /** Deletes the bridge the bridge plugin makes (it never deletes it itself). */
  void deleteLinkAtEnd(String link) {
    undo.push(() -> tryRun("ip", "link", "del", link));
  }

  /** Removes any nat rule left that names {@code id} (portmap tags its rules with it). */
  void removeNatRulesAtEnd(String id) {
    undo.push(() -> removeNatRules(id));
  }

  static void removeNatRules(String id) {
    List<String> chains = new ArrayList<>();
    for (String line : natRules()) {
      if (line.startsWith("-A ") && line.contains(id)) {
        String[] parts = line.split(" -j ");
        if (parts.length > 1 && parts[1].startsWith("CNI-DN-")) {
          chains.add(parts[1].split(" ")[0]);
        }
        List<String> cmd = new ArrayList<>(List.of("iptables", "-t", "nat", "-D"));
        cmd.addAll(shellWords(line.substring(3)));
        tryRun(cmd.toArray(String[]::new));
      }
    }
    for (String chain : chains) {
      tryRun("iptables", "-t", "nat", "-F", chain);
      tryRun("iptables", "-t", "nat", "-X", chain);
    }
  }

  static List<String> natRules() {
    return List.of(run("iptables", "-t", "nat", "-S").split("\n"));
  }

  // iptables -S quotes comments with double quotes and escapes inner ones.
  private static List<String> shellWords(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (!word.isEmpty()) {
          out.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      out.add(word.toString());
    }
    return out;
  }

  static String run(String... cmd) {
    Result r = exec(cmd);
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.out);
    }
    return r.out;
  }

  static String tryRun(String... cmd) {
    return exec(cmd).out;
  }

  static boolean succeeds(String... cmd) {
    return exec(cmd).exit == 0;
  }

  private record Result(int exit, String out) {}

  private static Result exec(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
