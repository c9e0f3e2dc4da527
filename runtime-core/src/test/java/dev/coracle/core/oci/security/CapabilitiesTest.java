package dev.coracle.core.oci.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Process;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilitiesTest {

  private static final Capabilities ALL_KNOWN = Capabilities.allKnown();

  static Stream<Arguments> resolveRows() {
    return Stream.of(
        row("nothing asked: the defaults", List.of(), List.of(), false, Capabilities.DEFAULT),
        row("add one", List.of("NET_ADMIN"), List.of(), false, plus(Capabilities.DEFAULT, "CAP_NET_ADMIN")),
        row("add with prefix, lower case", List.of("cap_net_admin"), List.of(), false,
            plus(Capabilities.DEFAULT, "CAP_NET_ADMIN")),
        row("add mixed case without prefix", List.of("Sys_Time"), List.of(), false,
            plus(Capabilities.DEFAULT, "CAP_SYS_TIME")),
        row("drop one", List.of(), List.of("KILL"), false, minus(Capabilities.DEFAULT, "CAP_KILL")),
        row("drop with prefix, lower case", List.of(), List.of("cap_kill"), false,
            minus(Capabilities.DEFAULT, "CAP_KILL")),
        row("drop one not held", List.of(), List.of("SYS_ADMIN"), false, Capabilities.DEFAULT),
        row("add and drop the same: dropped", List.of("NET_ADMIN"), List.of("NET_ADMIN"), false,
            Capabilities.DEFAULT),
        row("add and drop the same default: dropped", List.of("CHOWN"), List.of("CHOWN"), false,
            minus(Capabilities.DEFAULT, "CAP_CHOWN")),
        row("add ALL", List.of("ALL"), List.of(), false, Capabilities.KNOWN),
        row("add all, lower case", List.of("all"), List.of(), false, Capabilities.KNOWN),
        row("add ALL, drop one", List.of("ALL"), List.of("CHOWN"), false, minus(Capabilities.KNOWN, "CAP_CHOWN")),
        row("drop ALL", List.of(), List.of("ALL"), false, List.of()),
        row("drop ALL, add one", List.of("NET_BIND_SERVICE"), List.of("ALL"), false,
            List.of("CAP_NET_BIND_SERVICE")),
        row("drop ALL, add two, drop one of them", List.of("NET_BIND_SERVICE", "KILL"), List.of("ALL", "KILL"),
            false, List.of("CAP_NET_BIND_SERVICE")),
        row("add ALL and drop ALL: drop wins", List.of("ALL"), List.of("ALL"), false, List.of()),
        row("add ALL and one, drop ALL: the one", List.of("ALL", "SYS_ADMIN"), List.of("ALL"), false,
            List.of("CAP_SYS_ADMIN")),
        row("duplicates", List.of("NET_ADMIN", "CAP_NET_ADMIN"), List.of(), false,
            plus(Capabilities.DEFAULT, "CAP_NET_ADMIN")),
        row("privileged: all", List.of(), List.of(), true, Capabilities.KNOWN),
        row("privileged ignores drop", List.of(), List.of("ALL"), true, Capabilities.KNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolveRows")
  void resolve_rows(String name, List<String> add, List<String> drop, boolean privileged, List<String> expected) {
    assertEquals(expected, ALL_KNOWN.resolve(add, drop, privileged));
  }

  @Test
  void resolve_result_isInKernelOrder() {
    List<String> caps = ALL_KNOWN.resolve(List.of("SYS_ADMIN", "AUDIT_READ", "BPF"), List.of("ALL"), false);
    assertEquals(List.of("CAP_SYS_ADMIN", "CAP_AUDIT_READ", "CAP_BPF"), caps);
  }

  @Test
  void resolve_unknownNames_areRefusedAllNamed() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ALL_KNOWN.resolve(List.of("NET_ADMIN", "CAP_FLY"), List.of("teleport"), false));
    assertTrue(e.getMessage().contains("\"CAP_FLY\""), e.getMessage());
    assertTrue(e.getMessage().contains("\"teleport\""), e.getMessage());
  }

  @Test
  void resolve_unknownNameWhenPrivileged_isStillRefused() {
    assertThrows(InvalidArgumentException.class, () -> ALL_KNOWN.resolve(List.of("CAP_FLY"), List.of(), true));
  }

  @Test
  void resolve_nullLists_areEmpty() {
    assertEquals(Capabilities.DEFAULT, ALL_KNOWN.resolve(null, null, false));
  }

  @Test
  void resolve_runtimeWithoutSysResource_leavesItOutOfAllAndPrivileged() {
    Capabilities host = Capabilities.grantable(minusSet(Capabilities.KNOWN, "CAP_SYS_RESOURCE"));
    List<String> withoutSysResource = minus(Capabilities.KNOWN, "CAP_SYS_RESOURCE");
    assertEquals(withoutSysResource, host.resolve(List.of(), List.of(), true));
    assertEquals(withoutSysResource, host.resolve(List.of("ALL"), List.of(), false));
  }

  @Test
  void resolve_addingWhatTheRuntimeLacks_isAFailedPrecondition() {
    Capabilities host = Capabilities.grantable(minusSet(Capabilities.KNOWN, "CAP_SYS_RESOURCE"));
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> host.resolve(List.of("sys_resource"), List.of(), false));
    assertTrue(e.getMessage().contains("CAP_SYS_RESOURCE"), e.getMessage());
  }

  @Test
  void resolve_runtimeLackingADefault_leavesItOut() {
    Capabilities host = Capabilities.grantable(minusSet(Capabilities.KNOWN, "CAP_AUDIT_WRITE"));
    assertEquals(minus(Capabilities.DEFAULT, "CAP_AUDIT_WRITE"), host.resolve(List.of(), List.of(), false));
  }

  @Test
  void constants_countAndNumbering() {
    assertEquals(14, Capabilities.DEFAULT.size());
    assertEquals(41, Capabilities.KNOWN.size());
    assertEquals(21, Capabilities.KNOWN.indexOf("CAP_SYS_ADMIN"));
    assertEquals(40, Capabilities.KNOWN.indexOf("CAP_CHECKPOINT_RESTORE"));
    assertTrue(Capabilities.KNOWN.containsAll(Capabilities.DEFAULT));
  }

  @Test
  void boundingSetOf_procStatus_readsTheMask() {
    String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n";
    assertEquals(minusSet(Capabilities.KNOWN, "CAP_SYS_RESOURCE"), Capabilities.boundingSetOf(status));
  }

  @Test
  void fromMask_bits_areCapabilityNumbers() {
    assertEquals(Set.of("CAP_CHOWN", "CAP_NET_RAW", "CAP_BPF"), Capabilities.fromMask((1L << 0) | (1L << 13) | (1L << 39)));
  }

  @Test
  void ambient_names_areNormalizedAndOrdered() {
    assertEquals(List.of("CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN"),
        ALL_KNOWN.ambient(List.of("net_admin", "CAP_NET_BIND_SERVICE")));
  }

  @Test
  void ambient_all_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ALL_KNOWN.ambient(List.of("ALL")));
    assertTrue(e.getMessage().contains("ALL"), e.getMessage());
  }

  @Test
  void ambient_unknown_isRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ALL_KNOWN.ambient(List.of("FLY")));
    assertTrue(e.getMessage().contains("\"FLY\""), e.getMessage());
  }

  @Test
  void ambient_notGrantable_isAFailedPrecondition() {
    Capabilities host = Capabilities.grantable(minusSet(Capabilities.KNOWN, "CAP_SYS_RESOURCE"));
    assertThrows(FailedPreconditionException.class, () -> host.ambient(List.of("SYS_RESOURCE")));
  }

  @Test
  void toSpec_ambient_isAddedToEverySet() {
    Process.Capabilities spec = Capabilities.toSpec(List.of("CAP_CHOWN", "CAP_KILL"), List.of("CAP_NET_ADMIN"));
    List<String> all = List.of("CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN");
    assertEquals(all, spec.bounding());
    assertEquals(all, spec.effective());
    assertEquals(all, spec.permitted());
    assertEquals(List.of("CAP_NET_ADMIN"), spec.inheritable());
    assertEquals(List.of("CAP_NET_ADMIN"), spec.ambient());
  }

  @Test
  void toSpec_noAmbient_leavesInheritableEmpty() {
    Process.Capabilities spec = Capabilities.toSpec(Capabilities.DEFAULT, List.of());
    assertEquals(Capabilities.DEFAULT, spec.bounding());
    assertEquals(List.of(), spec.inheritable());
    assertEquals(List.of(), spec.ambient());
  }

  private static Arguments row(String name, List<String> add, List<String> drop, boolean privileged, List<String> expected) {
    return Arguments.of(name, add, drop, privileged, expected);
  }

  private static List<String> plus(List<String> caps, String cap) {
    List<String> result = new ArrayList<>(caps);
    result.add(cap);
    return Capabilities.KNOWN.stream().filter(result::contains).toList();
  }

  private static List<String> minus(List<String> caps, String cap) {
    return caps.stream().filter(c -> !c.equals(cap)).toList();
  }

  private static Set<String> minusSet(List<String> caps, String cap) {
    return new HashSet<>(minus(caps, cap));
  }
}
