package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code GuestOs}: the container's host name (WINDOWS.md §2a). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GuestOs(@JsonProperty("HostName") String hostName) {}
