package dev.coracle.core.monitor;

/** Which of a container's outputs a log line came from. */
public enum LogStream {
  STDOUT,
  STDERR
}
