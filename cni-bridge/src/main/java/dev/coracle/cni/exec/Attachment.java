package dev.coracle.cni.exec;

/** One attachment to a network, as GC names those to keep: a container and its interface. */
public record Attachment(String containerId, String ifName) {}
