package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.nativeapi.JobApi;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts a HostProcess container may run as (WINDOWS.md §6): {@code NT AUTHORITY\SYSTEM},
 * {@code NT AUTHORITY\LocalService} and {@code NT AUTHORITY\NetworkService} (also written
 * {@code Local service} / {@code Network Service}, any case), logged on with {@code
 * LOGON32_LOGON_SERVICE}. No name means the daemon's own token. A local group, which hcsshim
 * serves with a temporary local user, is not supported, nor is any other account.
 *
 * @param user the account name {@code LogonUserW} takes
 */
record ServiceAccount(String user) {

  static final String DOMAIN = "NT AUTHORITY";
  static final String SUPPORTED = "NT AUTHORITY\\SYSTEM, NT AUTHORITY\\LocalService, NT AUTHORITY\\NetworkService";

  private static final Map<String, String> ACCOUNTS = Map.of(
      "system", "SYSTEM",
      "localservice", "LocalService",
      "local service", "LocalService",
      "networkservice", "NetworkService",
      "network service", "NetworkService");

  /** The account {@code name} names; empty for none (the daemon's token). */
  static Optional<ServiceAccount> parse(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    int slash = name.indexOf('\\');
    String domain = slash < 0 ? "" : name.substring(0, slash);
    String user = ACCOUNTS.get(name.substring(slash + 1).strip().toLowerCase(Locale.ROOT));
    if (user == null || (!domain.isEmpty() && !domain.equalsIgnoreCase(DOMAIN))) {
      throw new InvalidArgumentException("HostProcess containers cannot run as \"" + name + "\": supported are "
          + SUPPORTED + " (or no run_as_username for the runtime's own account)");
    }
    return Optional.of(new ServiceAccount(user));
  }

  /** A service logon's primary token; the caller closes it. */
  Pointer logon(JobApi.Logon logon, JobApi api) {
    PointerByReference token = new PointerByReference();
    Win32.check(api, logon.LogonUserW(new WString(user), new WString(DOMAIN), null, JobApi.Logon.LOGON32_LOGON_SERVICE,
        JobApi.Logon.LOGON32_PROVIDER_DEFAULT, token), "LogonUserW");
    return token.getValue();
  }

  @Override
  public String toString() {
    return DOMAIN + "\\" + user;
  }
}
