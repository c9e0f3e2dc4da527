package dev.coracle.hcs.schema;

/**
 * HCS schema {@code GuestConnection}, written as {@code {}}: its presence makes HCS keep its own
 * connection to the guest agent and {@code Start} wait for it (WINDOWS.md §2b).
 */
public record GuestConnection() {}
