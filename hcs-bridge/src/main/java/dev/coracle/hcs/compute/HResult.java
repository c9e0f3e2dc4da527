package dev.coracle.hcs.compute;

import java.io.Serializable;
import java.util.Map;

/**
 * An HRESULT from HCS, HCN or vmcompute, and the classes of failure the backend acts on
 * (WINDOWS.md §1.4). HCS codes carry facility 0x037 in either form, {@code 0x8037xxxx} (the
 * documented HRESULT) or {@code 0xC037xxxx} (NTSTATUS style, what hcsshim and Docker show):
 * the predicates accept both. HCN codes carry facility 0x03B, Win32 errors 0x007.
 *
 * @param code the 32-bit value as Windows returned it
 */
public record HResult(int code) implements Serializable {

  public static final int S_OK = 0;
  public static final int E_NOTIMPL = 0x80004001;
  public static final int E_FAIL = 0x80004005;
  public static final int E_ACCESSDENIED = 0x80070005;
  public static final int E_HANDLE = 0x80070006;
  public static final int E_INVALIDARG = 0x80070057;
  public static final int ERROR_INVALID_DATA = 0x8007000D;
  public static final int ERROR_NOT_READY = 0x80070015;
  public static final int ERROR_NOT_SUPPORTED = 0x80070032;
  public static final int ERROR_DEVICE_NOT_CONNECTED = 0x8007048F;
  public static final int ERROR_NOT_FOUND = 0x80070490;

  public static final int HCS_E_TERMINATED_DURING_START = 0x80370100;
  public static final int HCS_E_IMAGE_MISMATCH = 0x80370101;
  public static final int HCS_E_HYPERV_NOT_INSTALLED = 0x80370102;
  /** Legacy vmcompute "operation pending", seen in its NTSTATUS form; success for a shutdown. */
  public static final int VMCOMPUTE_OPERATION_PENDING = 0xC0370103;
  public static final int HCS_E_INVALID_STATE = 0x80370105;
  public static final int HCS_E_UNEXPECTED_EXIT = 0x80370106;
  public static final int HCS_E_TERMINATED = 0x80370107;
  public static final int HCS_E_CONNECT_FAILED = 0x80370108;
  public static final int HCS_E_CONNECTION_TIMEOUT = 0x80370109;
  public static final int HCS_E_CONNECTION_CLOSED = 0x8037010A;
  public static final int HCS_E_UNKNOWN_MESSAGE = 0x8037010B;
  public static final int HCS_E_UNSUPPORTED_PROTOCOL_VERSION = 0x8037010C;
  public static final int HCS_E_INVALID_JSON = 0x8037010D;
  public static final int HCS_E_SYSTEM_NOT_FOUND = 0x8037010E;
  public static final int HCS_E_SYSTEM_ALREADY_EXISTS = 0x8037010F;
  public static final int HCS_E_SYSTEM_ALREADY_STOPPED = 0x80370110;
  public static final int HCS_E_PROTOCOL_ERROR = 0x80370111;
  public static final int HCS_E_INVALID_LAYER = 0x80370112;
  public static final int HCS_E_SERVICE_NOT_AVAILABLE = 0x80370114;
  public static final int HCS_E_OPERATION_NOT_STARTED = 0x80370115;
  public static final int HCS_E_OPERATION_ALREADY_STARTED = 0x80370116;
  public static final int HCS_E_OPERATION_PENDING = 0x80370117;
  public static final int HCS_E_OPERATION_TIMEOUT = 0x80370118;
  public static final int HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET = 0x80370119;
  public static final int HCS_E_OPERATION_RESULT_ALLOCATION_FAILED = 0x8037011A;
  public static final int HCS_E_ACCESS_DENIED = 0x8037011B;
  public static final int HCS_E_GUEST_CRITICAL_ERROR = 0x8037011C;
  public static final int HCS_E_PROCESS_INFO_NOT_AVAILABLE = 0x8037011D;
  public static final int HCS_E_SERVICE_DISCONNECT = 0x8037011E;
  public static final int HCS_E_PROCESS_ALREADY_STOPPED = 0x8037011F;

  public static final int HCN_E_NETWORK_NOT_FOUND = 0x803B0001;
  public static final int HCN_E_ENDPOINT_NOT_FOUND = 0x803B0002;
  public static final int HCN_E_INVALID_NETWORK = 0x803B000A;
  public static final int HCN_E_INVALID_ENDPOINT = 0x803B000C;
  public static final int HCN_E_PORT_ALREADY_EXISTS = 0x803B0013;
  public static final int HCN_E_ENDPOINT_ALREADY_ATTACHED = 0x803B0014;
  public static final int HCN_E_INVALID_JSON = 0x803B001B;
  public static final int HCN_E_INVALID_IP = 0x803B001E;

  private static final int FACILITY_HCS = 0x037;
  private static final int FACILITY_HCN = 0x03B;

  /** HCS names by low word, for either form (§1.4). */
  private static final Map<Integer, String> HCS_NAMES = Map.ofEntries(
      Map.entry(0x0100, "HCS_E_TERMINATED_DURING_START"),
      Map.entry(0x0101, "HCS_E_IMAGE_MISMATCH"),
      Map.entry(0x0102, "HCS_E_HYPERV_NOT_INSTALLED"),
      Map.entry(0x0103, "VMCOMPUTE_OPERATION_PENDING"),
      Map.entry(0x0105, "HCS_E_INVALID_STATE"),
      Map.entry(0x0106, "HCS_E_UNEXPECTED_EXIT"),
      Map.entry(0x0107, "HCS_E_TERMINATED"),
      Map.entry(0x0108, "HCS_E_CONNECT_FAILED"),
      Map.entry(0x0109, "HCS_E_CONNECTION_TIMEOUT"),
      Map.entry(0x010A, "HCS_E_CONNECTION_CLOSED"),
      Map.entry(0x010B, "HCS_E_UNKNOWN_MESSAGE"),
      Map.entry(0x010C, "HCS_E_UNSUPPORTED_PROTOCOL_VERSION"),
      Map.entry(0x010D, "HCS_E_INVALID_JSON"),
      Map.entry(0x010E, "HCS_E_SYSTEM_NOT_FOUND"),
      Map.entry(0x010F, "HCS_E_SYSTEM_ALREADY_EXISTS"),
      Map.entry(0x0110, "HCS_E_SYSTEM_ALREADY_STOPPED"),
      Map.entry(0x0111, "HCS_E_PROTOCOL_ERROR"),
      Map.entry(0x0112, "HCS_E_INVALID_LAYER"),
      Map.entry(0x0114, "HCS_E_SERVICE_NOT_AVAILABLE"),
      Map.entry(0x0115, "HCS_E_OPERATION_NOT_STARTED"),
      Map.entry(0x0116, "HCS_E_OPERATION_ALREADY_STARTED"),
      Map.entry(0x0117, "HCS_E_OPERATION_PENDING"),
      Map.entry(0x0118, "HCS_E_OPERATION_TIMEOUT"),
      Map.entry(0x0119, "HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET"),
      Map.entry(0x011A, "HCS_E_OPERATION_RESULT_ALLOCATION_FAILED"),
      Map.entry(0x011B, "HCS_E_ACCESS_DENIED"),
      Map.entry(0x011C, "HCS_E_GUEST_CRITICAL_ERROR"),
      Map.entry(0x011D, "HCS_E_PROCESS_INFO_NOT_AVAILABLE"),
      Map.entry(0x011E, "HCS_E_SERVICE_DISCONNECT"),
      Map.entry(0x011F, "HCS_E_PROCESS_ALREADY_STOPPED"));

  private static final Map<Integer, String> HCN_NAMES = Map.of(
      0x0001, "HCN_E_NETWORK_NOT_FOUND",
      0x0002, "HCN_E_ENDPOINT_NOT_FOUND",
      0x000A, "HCN_E_INVALID_NETWORK",
      0x000C, "HCN_E_INVALID_ENDPOINT",
      0x0013, "HCN_E_PORT_ALREADY_EXISTS",
      0x0014, "HCN_E_ENDPOINT_ALREADY_ATTACHED",
      0x001B, "HCN_E_INVALID_JSON",
      0x001E, "HCN_E_INVALID_IP");

  private static final Map<Integer, String> OTHER_NAMES = Map.ofEntries(
      Map.entry(S_OK, "S_OK"),
      Map.entry(E_NOTIMPL, "E_NOTIMPL"),
      Map.entry(E_FAIL, "E_FAIL"),
      Map.entry(E_ACCESSDENIED, "E_ACCESSDENIED"),
      Map.entry(E_HANDLE, "E_HANDLE"),
      Map.entry(E_INVALIDARG, "E_INVALIDARG"),
      Map.entry(ERROR_INVALID_DATA, "ERROR_INVALID_DATA"),
      Map.entry(ERROR_NOT_READY, "ERROR_NOT_READY"),
      Map.entry(ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"),
      Map.entry(ERROR_DEVICE_NOT_CONNECTED, "ERROR_DEVICE_NOT_CONNECTED"),
      Map.entry(ERROR_NOT_FOUND, "ERROR_NOT_FOUND"));

  public static HResult of(int code) {
    return new HResult(code);
  }

  public boolean failed() {
    return code < 0;
  }

  /** Facility 0x037 in either the {@code 0x8037} or the {@code 0xC037} form. */
  public boolean isHcs() {
    return failed() && facility() == FACILITY_HCS;
  }

  /** Facility 0x03B: an HCN (HNS v2) error. */
  public boolean isHcn() {
    return failed() && facility() == FACILITY_HCN;
  }

  /** The low 16 bits: the code within its facility. */
  public int low() {
    return code & 0xFFFF;
  }

  /** No such compute system, element or network object (hcsshim's not-found class, §1.4). */
  public boolean isNotFound() {
    return isHcsCode(0x010E) || code == ERROR_NOT_FOUND
        || code == HCN_E_NETWORK_NOT_FOUND || code == HCN_E_ENDPOINT_NOT_FOUND;
  }

  /** The system or process had already stopped (hcsshim's already-stopped class, §1.4). */
  public boolean isAlreadyStopped() {
    return isHcsCode(0x0110) || isHcsCode(0x011F) || code == ERROR_NOT_FOUND;
  }

  /** The container image's OS build does not match the host (§1.4, §5). */
  public boolean isImageMismatch() {
    return isHcsCode(0x0101);
  }

  /** Not an Administrator or Hyper-V Administrator, or a Win32 access denial. */
  public boolean isAccessDenied() {
    return isHcsCode(0x011B) || code == E_ACCESSDENIED;
  }

  /** The object is in the wrong state for the request, e.g. a signal to a dead process. */
  public boolean isInvalidState() {
    return isHcsCode(0x0105);
  }

  /** An operation or guest connection that did not finish in time. */
  public boolean isTimeout() {
    return isHcsCode(0x0118) || isHcsCode(0x0109);
  }

  /** A request this host or guest does not understand (hcsshim's not-supported class, §1.4). */
  public boolean isNotSupported() {
    return isHcsCode(0x010D) || isHcsCode(0x010B) || code == ERROR_INVALID_DATA || code == ERROR_NOT_SUPPORTED;
  }

  /** The symbolic name, e.g. {@code HCS_E_IMAGE_MISMATCH}, or {@code ""} for a code not in §1.4. */
  public String name() {
    if (isHcs()) {
      return HCS_NAMES.getOrDefault(low(), "");
    }
    if (isHcn()) {
      return HCN_NAMES.getOrDefault(low(), "");
    }
    return OTHER_NAMES.getOrDefault(code, "");
  }

  /** {@code 0xC0370101 (HCS_E_IMAGE_MISMATCH)}, or just the hex for an unnamed code. */
  @Override
  public String toString() {
    String hex = String.format("0x%08X", code);
    String name = name();
    return name.isEmpty() ? hex : hex + " (" + name + ")";
  }

  private int facility() {
    return (code >>> 16) & 0x1FFF;
  }

  private boolean isHcsCode(int low) {
    return isHcs() && low() == low;
  }
}
