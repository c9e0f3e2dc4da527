package dev.coracle.server;

/**
 * Sets up the one logging backend (slf4j-simple) before the first logger exists: one line per
 * event on stderr, UTC timestamp, level, logger, message with {@code key=value} details.
 */
final class Logging {

  private Logging() {}

  static void configure(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
    // Netty and gRPC narrate their own start-up at debug; keep them to warnings.
    System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "warn");
    // Unix sockets have no TCP options; Netty warns about each one gRPC sets, on every connection.
    System.setProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap", "error");
  }
}
