package dev.coracle.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * HCS schema {@code ModifySettingRequest} for {@code HcsModifyComputeSystem}; {@code RequestType}
 * is Add, Remove or Update, {@code Settings} any value (a record, a number, a tree) (WINDOWS.md
 * §2e).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModifySettingRequest(
    @JsonProperty("ResourcePath") String resourcePath,
    @JsonProperty("RequestType") String requestType,
    @JsonProperty("Settings") Object settings,
    @JsonProperty("GuestRequest") GuestModifyRequest guestRequest) {

  public static final String ADD = "Add";
  public static final String REMOVE = "Remove";
  public static final String UPDATE = "Update";

  /** A request that only goes to the guest, with no host-side resource (WINDOWS.md §2b). */
  public static ModifySettingRequest guestOnly(GuestModifyRequest guestRequest) {
    return new ModifySettingRequest(null, null, null, guestRequest);
  }
}
