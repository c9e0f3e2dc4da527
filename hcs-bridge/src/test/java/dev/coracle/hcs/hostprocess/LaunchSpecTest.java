package dev.coracle.hcs.hostprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coracle.hcs.document.ProcessInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

  private static final String ROOT = "C:\\hpc\\abc\\";

  @Test
  void expand_replacesBothSpellingsInAnyCaseAndNothingLonger() {
    assertEquals(ROOT + "\\x " + ROOT + "/y", LaunchSpec.expand(
        "%Container_Sandbox_Mount_Point%\\x $ENV:container_sandbox_mount_point/y", ROOT));
    assertEquals("$env:CONTAINER_SANDBOX_MOUNT_POINTS %CONTAINER_SANDBOX_MOUNT_POINT",
        LaunchSpec.expand("$env:CONTAINER_SANDBOX_MOUNT_POINTS %CONTAINER_SANDBOX_MOUNT_POINT", ROOT));
  }

  @Test
  void environmentBlock_isSortedWithoutCaseAndEndsWithTwoNuls() {
    LaunchSpec spec = LaunchSpec.of(input(List.of("a.exe"), List.of("zeta=1", "Alpha=2", "beta=3")), ROOT,
        Map.of("PATH", "C:\\Windows"));

    assertEquals("Alpha=2\0beta=3\0CONTAINER_SANDBOX_MOUNT_POINT=" + ROOT + "\0PATH=C:\\Windows;" + ROOT
        + "\0zeta=1\0\0", new String(spec.environmentBlock()));
  }

  @Test
  void of_appendsTheRootfsToAnEmptyOrTerminatedPath() {
    assertEquals(ROOT, LaunchSpec.of(input(List.of("a.exe"), List.of()), ROOT, Map.of()).env().get("PATH"));
    assertEquals("C:\\bin;" + ROOT, LaunchSpec.of(input(List.of("a.exe"), List.of("Path=C:\\bin;")), ROOT, Map.of())
        .env().get("PATH"));
  }

  @Test
  void commandLine_quotesArgumentsAndKeepsAnEscapedOneVerbatim() {
    assertEquals("\"" + ROOT + "\\my tool.exe\" \"a b\"", LaunchSpec.of(input(
        List.of("%CONTAINER_SANDBOX_MOUNT_POINT%\\my tool.exe", "a b"), List.of()), ROOT, Map.of()).commandLine());
    ProcessInput escaped = new ProcessInput(List.of("cmd /S /C \"echo hi\""), true, null, null, List.of(), false,
        false, 0, 0);
    assertEquals("cmd /S /C \"echo hi\"", LaunchSpec.of(escaped, ROOT, Map.of()).commandLine());
  }

  @Test
  void workingDir_keepsAnAbsoluteOne() {
    ProcessInput input = new ProcessInput(List.of("a.exe"), false, "D:\\work", null, List.of(), false, false, 0, 0);
    assertEquals("D:\\work", LaunchSpec.of(input, ROOT, Map.of()).workingDir());
  }

  private static ProcessInput input(List<String> args, List<String> env) {
    return new ProcessInput(args, false, null, null, env, false, false, 0, 0);
  }
}
