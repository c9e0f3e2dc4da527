package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCS schema {@code System_PropertyQuery} (and the service property query): the property types
 * wanted, e.g. Statistics, ProcessList (WINDOWS.md §2d, §7).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PropertyQuery(@JsonProperty("PropertyTypes") List<String> propertyTypes) {}
