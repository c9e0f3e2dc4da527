package dev.coracle.hcs.osversion;

import java.util.Map;

/**
 * The Windows builds with names, as WINDOWS.md §5 lists them (hcsshim
 * {@code osversion/windowsbuilds.go}): the names make refusals readable.
 */
public final class WindowsBuilds {

  public static final int SERVER_2016 = 14393;
  public static final int SERVER_1709 = 16299;
  public static final int SERVER_1803 = 17134;
  public static final int SERVER_2019 = 17763;
  public static final int SERVER_1903 = 18362;
  public static final int SERVER_1909 = 18363;
  public static final int SERVER_2004 = 19041;
  public static final int SERVER_20H2 = 19042;
  public static final int SERVER_2022 = 20348;
  public static final int WINDOWS_11_21H2 = 22000;
  public static final int WINDOWS_11_22H2 = 22621;
  public static final int SERVER_23H2 = 25398;
  /** Also Windows 11 24H2. */
  public static final int SERVER_2025 = 26100;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(SERVER_2016, "Windows Server 2016"),
      Map.entry(SERVER_1709, "Windows Server 1709"),
      Map.entry(SERVER_1803, "Windows Server 1803"),
      Map.entry(SERVER_2019, "Windows Server 2019"),
      Map.entry(SERVER_1903, "Windows Server 1903"),
      Map.entry(SERVER_1909, "Windows Server 1909"),
      Map.entry(SERVER_2004, "Windows Server 2004"),
      Map.entry(SERVER_20H2, "Windows Server 20H2"),
      Map.entry(SERVER_2022, "Windows Server 2022"),
      Map.entry(WINDOWS_11_21H2, "Windows 11 21H2"),
      Map.entry(WINDOWS_11_22H2, "Windows 11 22H2"),
      Map.entry(SERVER_23H2, "Windows Server 23H2"),
      Map.entry(SERVER_2025, "Windows Server 2025"));

  private WindowsBuilds() {}

  /** "Windows Server 2022 (20348)"; a build without a name is just its number. */
  public static String name(int build) {
    String name = NAMES.get(build);
    return name == null ? Integer.toString(build) : name + " (" + build + ")";
  }
}
