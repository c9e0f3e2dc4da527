package dev.coracle.core.oci.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserResolverTest {

  private static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
      # a comment
      web:x:33:33::/var/www:/usr/sbin/nologin
      app:x:1000:1000:The App:/home/app:/bin/sh
      broken line without fields
      bad:x:notanumber:1::/:
      huge:x:4294967296:1::/:
      +nisuser::::::
      app:x:1001:1001:second entry of the name is ignored:/:
      """;

  private static final String GROUP = """
      root:x:0:
      wheel:x:10:root,app
      audio:x:29:app
      staff:x:50:web, app
      app:x:1000:
      docker:x:999:other
      """;

  @TempDir
  Path dir;

  Path rootfs;

  @BeforeEach
  void image() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
    Files.writeString(rootfs.resolve("etc/group"), GROUP);
  }

  private static ResolvedUser user(long uid, long gid, List<Long> groups, String name, String home) {
    return new ResolvedUser(uid, gid, groups, name, home);
  }

  /** imageUser, runAsUser, runAsUsername, runAsGroup, supplemental, policy, expected. */
  static Stream<Arguments> rows() {
    List<Long> none = List.of();
    return Stream.of(
        Arguments.of("nothing: root", null, null, null, null, none, null,
            user(0, 0, List.of(10L), "root", "/root")),
        Arguments.of("image user by name", "app", null, null, null, none, null,
            user(1000, 1000, List.of(10L, 29L, 50L), "app", "/home/app")),
        Arguments.of("image user by uid in passwd", "1000", null, null, null, none, null,
            user(1000, 1000, List.of(10L, 29L, 50L), "app", "/home/app")),
        Arguments.of("image user name:group", "app:audio", null, null, null, none, null,
            user(1000, 29, List.of(10L, 50L), "app", "/home/app")),
        Arguments.of("image user name:gid", "app:5000", null, null, null, none, null,
            user(1000, 5000, List.of(10L, 29L, 50L), "app", "/home/app")),
        Arguments.of("image user uid:gid", "1000:50", null, null, null, none, null,
            user(1000, 50, List.of(10L, 29L), "app", "/home/app")),
        Arguments.of("image user uid:groupname", "33:wheel", null, null, null, none, null,
            user(33, 10, List.of(50L), "web", "/var/www")),
        Arguments.of("image uid not in passwd", "4242", null, null, null, none, null,
            user(4242, 0, none, null, null)),
        Arguments.of("image uid:gid not in files", "4242:4243", null, null, null, none, null,
            user(4242, 4243, none, null, null)),
        Arguments.of("image user with spaces", " web ", null, null, null, none, null,
            user(33, 33, List.of(50L), "web", "/var/www")),
        Arguments.of("run_as_user wins over the image", "daemon:audio", 1000L, null, null, none, null,
            user(1000, 1000, List.of(10L, 29L, 50L), "app", "/home/app")),
        Arguments.of("run_as_user not in passwd", "app", 4242L, null, null, none, null,
            user(4242, 0, none, null, null)),
        Arguments.of("run_as_user wins over run_as_username", null, 33L, "app", null, none, null,
            user(33, 33, List.of(50L), "web", "/var/www")),
        Arguments.of("run_as_username", "daemon", null, "app", null, none, null,
            user(1000, 1000, List.of(10L, 29L, 50L), "app", "/home/app")),
        Arguments.of("run_as_group replaces the primary group", null, 0L, null, 7L, none, null,
            user(0, 7, List.of(10L), "root", "/root")),
        Arguments.of("run_as_group equal to a listed group", null, 1000L, null, 29L, none, null,
            user(1000, 29, List.of(10L, 50L), "app", "/home/app")),
        Arguments.of("merge: image groups and CRI's, deduplicated, primary left out", "app", null, null, null,
            List.of(5000L, 10L, 1000L, 5000L), SupplementalGroupsPolicy.MERGE,
            user(1000, 1000, List.of(10L, 29L, 50L, 5000L), "app", "/home/app")),
        Arguments.of("strict: CRI's only", "app", null, null, null, List.of(5000L, 10L),
            SupplementalGroupsPolicy.STRICT, user(1000, 1000, List.of(10L, 5000L), "app", "/home/app")),
        Arguments.of("strict without CRI groups: none", "app", null, null, null, none,
            SupplementalGroupsPolicy.STRICT, user(1000, 1000, none, "app", "/home/app")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void resolve_rows(String name, String imageUser, Long runAsUser, String runAsUsername, Long runAsGroup,
      List<Long> supplemental, SupplementalGroupsPolicy policy, ResolvedUser expected) {
    assertEquals(expected,
        UserResolver.resolve(rootfs, imageUser, runAsUser, runAsUsername, runAsGroup, supplemental, policy));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("nobody", null, null, null, "\"nobody\""),
        Arguments.of("app:nogroup", null, null, null, "\"nogroup\""),
        Arguments.of(null, null, "ghost", null, "\"ghost\""),
        Arguments.of("app", null, null, 5L, "run_as_group"),
        Arguments.of(null, -1L, null, null, "-1"),
        Arguments.of(null, 4294967295L, null, null, "4294967295"),
        Arguments.of("4294967296", null, null, null, "4294967296"),
        Arguments.of(":1000", null, null, null, "user[:group]"),
        Arguments.of("app:", null, null, null, "user[:group]"),
        Arguments.of("app:1:2", null, null, null, "user[:group]"),
        Arguments.of("bad", null, null, null, "\"bad\""));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("refusals")
  void resolve_refusals_nameWhatIsWrong(String imageUser, Long runAsUser, String runAsUsername, Long runAsGroup,
      String named) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> UserResolver.resolve(rootfs, imageUser, runAsUser, runAsUsername, runAsGroup, List.of(), null));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void resolve_supplementalGroupOutOfRange_isRefused() {
    assertThrows(InvalidArgumentException.class,
        () -> UserResolver.resolve(rootfs, null, null, null, null, List.of(-5L), null));
  }

  @Test
  void resolve_noEtcFiles_numericIdsOnly() throws IOException {
    Path bare = Files.createDirectories(dir.resolve("bare"));
    assertEquals(user(0, 0, List.of(), null, null), UserResolver.resolve(bare, null, null, null, null, null, null));
    assertEquals(user(65534, 65534, List.of(), null, null),
        UserResolver.resolve(bare, "65534:65534", null, null, null, null, null));
    assertThrows(InvalidArgumentException.class, () -> UserResolver.resolve(bare, "app", null, null, null, null, null));
  }

  @Test
  void resolve_passwdLinkedToTheHost_neverReadsTheHostsFile() throws IOException {
    Path host = Files.createDirectories(dir.resolve("host/etc"));
    Files.writeString(host.resolve("passwd"), "hostonly:x:4000:4000::/root:/bin/sh\n");
    Files.writeString(host.resolve("group"), "hostgroup:x:4001:hostonly\n");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), host.resolve("passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/group"), Path.of("../../host/etc/group"));

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> UserResolver.resolve(rootfs, "hostonly", null, null, null, null, null));
    assertTrue(e.getMessage().contains("\"hostonly\""), e.getMessage());
    ResolvedUser numeric = UserResolver.resolve(rootfs, "4000", null, null, null, null, null);
    assertNull(numeric.username());
    assertEquals(0, numeric.gid());
    assertEquals(List.of(), numeric.additionalGids());
  }

  @Test
  void resolve_passwdLinkedInsideTheImage_isFollowedThere() throws IOException {
    Path real = Files.createDirectories(rootfs.resolve("usr/share/base"));
    Files.move(rootfs.resolve("etc/passwd"), real.resolve("passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/usr/share/base/passwd"));
    assertEquals(1000, UserResolver.resolve(rootfs, "app", null, null, null, null, null).uid());
  }
}
