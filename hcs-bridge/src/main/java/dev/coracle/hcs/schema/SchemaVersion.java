package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A schema version. HCS documents use 2.1, which every host from Server 2019 accepts (WINDOWS.md
 * §2); HCN documents use 2.0 (WINDOWS.md §1.6, §4). Both numbers are always written, even 0.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SchemaVersion(@JsonProperty("Major") int major, @JsonProperty("Minor") int minor) {

  /** The HCS schema version of every compute-system document (WINDOWS.md §2). */
  public static final SchemaVersion HCS = new SchemaVersion(2, 1);

  /** The HCN schema version of namespaces, endpoints and queries (WINDOWS.md §4). */
  public static final SchemaVersion HCN = new SchemaVersion(2, 0);
}
