package dev.coracle.server;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.server.config.ConfigException;
import dev.coracle.server.config.ConfigLoader;
import dev.coracle.server.config.ConfigTemplate;
import dev.coracle.server.config.CoracleConfig;
import dev.coracle.server.config.PlatformDefaults;
import dev.coracle.server.listen.ListenerKind;
import dev.coracle.server.listen.SocketInUseException;
import dev.coracle.server.service.ServiceDaemon;
import dev.coracle.server.service.ServiceFailure;
import dev.coracle.server.service.WindowsService;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** The {@code coracle} command. */
public final class Main {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_SOCKET_IN_USE = 3;

  private static final String USAGE = """
      usage: coracle [serve] [--config FILE] [--listen ENDPOINT] [--log-level LEVEL]
             coracle service [--config FILE] [--listen ENDPOINT] [--log-level LEVEL]
                                             Windows: serve as a service of the Service Control Manager
             coracle config [--config FILE]     print the effective configuration as TOML
             coracle version

        --config FILE      configuration file (default %s; may be absent)
        --listen ENDPOINT  unix socket to serve CRI on (default /run/coracle/coracle.sock);
                           on Windows a named pipe (default npipe:////./pipe/coracle)
        --log-level LEVEL  error, warn, info, debug or trace
      """.formatted(PlatformDefaults.host().configFile());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Invocation invocation;
    CoracleConfig config;
    try {
      invocation = Invocation.parse(args);
      if (invocation.command().equals("serve")) {
        // The transport's native code and the CRI descriptors load on the second core while
        // this thread reads the configuration.
        Thread.ofPlatform().name("coracle-preload").daemon(true).start(Daemon::preload);
      }
      if (invocation.command().equals("help")) {
        out.print(USAGE);
        return EXIT_OK;
      }
      if (invocation.command().equals("version")) {
        out.println(Build.NAME + " " + Build.VERSION);
        return EXIT_OK;
      }
      if (invocation.command().equals("service") && !PlatformDefaults.host().windows()) {
        err.println("coracle: \"coracle service\" serves under the Windows Service Control Manager, on Windows only;"
            + " here run \"coracle serve\" (bin/setup installs it as the systemd unit coracle.service)");
        return EXIT_USAGE;
      }
      if (invocation.command().equals("service")) {
        return service(invocation, err);
      }
      config = invocation.apply(ConfigLoader.load(invocation.configFile(), invocation.configNamed()));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("coracle: " + e.getMessage());
      return EXIT_USAGE;
    }
    if (invocation.command().equals("config")) {
      out.print(ConfigTemplate.render(config, invocation.configFile()));
      return EXIT_OK;
    }
    if (invocation.command().equals("train")) {
      return AotTraining.run(err);
    }
    return serve(config, err);
  }

  private static int serve(CoracleConfig config, PrintStream err) {
    Logging.configure(config.logLevel());
    CountDownLatch stop = new CountDownLatch(1);
    Daemon daemon;
    try {
      daemon = Daemon.start(config);
    } catch (RuntimeException e) {
      err.println(startFailure(e));
      return exitCodeOf(e);
    }
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    daemon.close();
    return EXIT_OK;
  }

  /**
   * Under the Service Control Manager, which gives the program no console: every line the
   * daemon would write to stderr goes to {@code coracle.log} in the state directory. Even a bad
   * configuration is told to the SCM (STOPPED, exit code 2) rather than ending the process
   * before the handshake. The SCM's STOP and SHUTDOWN are what SIGTERM is on Linux.
   */
  private static int service(Invocation invocation, PrintStream err) {
    CoracleConfig config;
    ConfigException invalid = null;
    try {
      config = invocation.apply(ConfigLoader.load(invocation.configFile(), invocation.configNamed()));
    } catch (ConfigException e) {
      invalid = e;
      config = CoracleConfig.defaults();
    }
    PrintStream log = serviceLog(config.stateDir().resolve("coracle.log"), err);
    Logging.configure(config.logLevel());
    CoracleConfig effective = config;
    ConfigException refused = invalid;
    ServiceDaemon.Starter starter = () -> {
      if (refused != null) {
        log.println("coracle: " + refused.getMessage());
        throw new ServiceFailure(EXIT_USAGE, refused.getMessage(), refused);
      }
      try {
        return Daemon.start(effective)::close;
      } catch (RuntimeException e) {
        log.println(startFailure(e));
        throw new ServiceFailure(exitCodeOf(e), e.getMessage(), e);
      }
    };
    try {
      // The orderly close takes up to the shutdown timeout, then 2 s of cancelling and closing.
      return WindowsService.run(starter, Duration.ofSeconds(effective.shutdownTimeoutSeconds() + 10L));
    } catch (ServiceFailure e) {
      // Not under the SCM (or it could not be reached): whoever started this reads the console.
      log.println("coracle: " + e.getMessage());
      if (log != err) {
        err.println("coracle: " + e.getMessage());
      }
      return e.exitCode();
    }
  }

  /** Appends stderr to {@code file} from here on; keeps {@code fallback} when the file cannot be opened. */
  private static PrintStream serviceLog(Path file, PrintStream fallback) {
    try {
      Files.createDirectories(file.getParent());
      PrintStream log = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
      System.setErr(log);
      return log;
    } catch (IOException | RuntimeException e) {
      fallback.println("coracle: cannot write the service log " + file + ": " + e.getMessage());
      return fallback;
    }
  }

  private static String startFailure(RuntimeException e) {
    return e instanceof SocketInUseException || e instanceof InvalidArgumentException
        ? "coracle: " + e.getMessage() : "coracle: cannot start: " + e.getMessage();
  }

  private static int exitCodeOf(RuntimeException e) {
    if (e instanceof SocketInUseException) {
      return EXIT_SOCKET_IN_USE;
    }
    return e instanceof InvalidArgumentException ? EXIT_USAGE : EXIT_FAILED;
  }

  /** The parsed command line. */
  record Invocation(String command, Path configFile, boolean configNamed, String listen, String logLevel) {

    static Invocation parse(List<String> args) {
      Deque<String> rest = new ArrayDeque<>(args);
      String command = "serve";
      if (!rest.isEmpty() && !rest.peek().startsWith("-")) {
        command = rest.pop();
        if (!List.of("serve", "service", "config", "version", "help", "train").contains(command)) {
          throw new IllegalArgumentException("unknown command \"" + command + "\"\n" + USAGE);
        }
      }
      Path config = PlatformDefaults.host().configFile();
      boolean named = false;
      String listen = null;
      String level = null;
      while (!rest.isEmpty()) {
        String arg = rest.pop();
        switch (arg) {
          case "--config" -> {
            config = Path.of(value(arg, rest));
            named = true;
          }
          case "--listen" -> listen = canonicalListen(value(arg, rest));
          case "--log-level" -> level = ConfigLoader.checkLogLevel(value(arg, rest));
          case "-h", "--help" -> command = "help";
          case "--version" -> command = "version";
          default -> throw new IllegalArgumentException("unknown option \"" + arg + "\"\n" + USAGE);
        }
      }
      return new Invocation(command, config, named, listen, level);
    }

    CoracleConfig apply(CoracleConfig config) {
      CoracleConfig result = listen == null ? config : config.withListen(listen);
      return logLevel == null ? result : result.withLogLevel(logLevel);
    }

    private static String value(String option, Deque<String> rest) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return rest.pop();
    }

    private static String canonicalListen(String endpoint) {
      try {
        return ListenerKind.host().canonical(endpoint);
      } catch (InvalidArgumentException e) {
        throw new IllegalArgumentException("--listen: " + e.getMessage());
      }
    }
  }
}
