package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * HCS schema {@code GuestConnection}, written as {@code {}}: its presence makes HCS keep its own
 * connection to the guest agent and {@code Start} wait for it (WINDOWS.md §2b).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GuestConnection() {}
