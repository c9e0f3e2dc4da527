package dev.coracle.cni.config;

import dev.coracle.cni.CniException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network configs from a conf dir, as libcni reads them: every {@code .conflist}, {@code .conf}
 * and {@code .json} file, in lexical order of file name; the first usable one is the default
 * network. A file that cannot be read or used is skipped with a warning naming it and the
 * reason, never thrown, so one bad file does not take a node's networking down.
 */
public final class ConfigLoader {

  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  /** The file name endings read, as libcni's. */
  public static final List<String> EXTENSIONS = List.of(".conflist", ".conf", ".json");

  // Configs are a few hundred bytes; anything this large is not one.
  static final long MAX_FILE_BYTES = 1 << 20;

  private ConfigLoader() {}

  /** Every usable network in the dir, in order; empty when the dir does not exist. */
  public static List<NetworkConfigList> load(Path confDir) {
    ConfDirScan scan = scan(confDir, false);
    logRefusals(scan);
    return scan.networks();
  }

  /** The default network: the first usable config in order, if any. */
  public static Optional<NetworkConfigList> firstValid(Path confDir) {
    ConfDirScan scan = scan(confDir, true);
    logRefusals(scan);
    return scan.networks().stream().findFirst();
  }

  /**
   * One config's JSON: a list with a {@code plugins} array, or a single plugin config (not in a
   * {@code .conflist} file) lifted into a list of one whose name and cniVersion are the
   * plugin's.
   *
   * @param source the file the bytes came from, named in messages and kept in the result; may
   *     be null
   * @throws CniException with code {@link CniException#INVALID_NETWORK_CONFIG} and the reason:
   *     not JSON, no or a bad name, no or an empty plugins list, a plugin without a usable type,
   *     no supported cniVersion, a bad disableCheck or disableGC
   */
  public static NetworkConfigList parse(byte[] json, Path source) {
    return ConfigParser.parse(json, source);
  }

  static void logRefusals(ConfDirScan scan) {
    for (ConfigRefusal refusal : scan.refusals()) {
      log.warn("{}; skipped", refusal.message());
    }
  }

  /** Reads the dir without logging; stops at the first usable network when asked to. */
  static ConfDirScan scan(Path confDir, boolean firstOnly) {
    List<NetworkConfigList> networks = new ArrayList<>();
    List<ConfigRefusal> refusals = new ArrayList<>();
    List<Path> files;
    try {
      files = candidates(confDir);
    } catch (IOException e) {
      refusals.add(new ConfigRefusal(confDir, "CNI conf dir " + confDir + " cannot be listed: "
          + describe(e)));
      return new ConfDirScan(networks, refusals);
    }
    for (Path file : files) {
      try {
        networks.add(read(file));
        if (firstOnly) {
          break;
        }
      } catch (CniException e) {
        refusals.add(new ConfigRefusal(file, e.getMessage()));
      }
    }
    return new ConfDirScan(networks, refusals);
  }

  /** The config files of the dir in the order they are tried; none when it does not exist. */
  static List<Path> candidates(Path confDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(confDir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        // Directories are passed over in silence, as libcni does.
        if (EXTENSIONS.stream().anyMatch(name::endsWith) && !Files.isDirectory(entry)) {
          files.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files;
  }

  static NetworkConfigList read(Path file) {
    // A FIFO or device would block or stream forever: only regular files are read.
    if (!Files.isRegularFile(file)) {
      String why = Files.exists(file) ? "not a regular file" : "a link to nothing";
      throw NameRules.invalid("", file, why);
    }
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw NameRules.invalid("", file, "larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw NameRules.invalid("", file, "cannot be read: " + describe(e));
    }
    return ConfigParser.parse(bytes, file);
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
