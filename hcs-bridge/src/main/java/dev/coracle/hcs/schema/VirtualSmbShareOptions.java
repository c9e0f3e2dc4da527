package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HCS schema {@code VirtualSmbShareOptions} (WINDOWS.md §2b). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VirtualSmbShareOptions(
    @JsonProperty("ReadOnly") Boolean readOnly,
    @JsonProperty("ShareRead") Boolean shareRead,
    @JsonProperty("CacheIo") Boolean cacheIo,
    @JsonProperty("PseudoOplocks") Boolean pseudoOplocks,
    @JsonProperty("TakeBackupPrivilege") Boolean takeBackupPrivilege,
    @JsonProperty("NoDirectmap") Boolean noDirectmap,
    @JsonProperty("NoOplocks") Boolean noOplocks,
    @JsonProperty("NoLocks") Boolean noLocks,
    @JsonProperty("RestrictFileAccess") Boolean restrictFileAccess,
    @JsonProperty("ForceLevelIIOplocks") Boolean forceLevelIIOplocks,
    @JsonProperty("ReparseBaseLayer") Boolean reparseBaseLayer,
    @JsonProperty("SingleFileMapping") Boolean singleFileMapping) {}
