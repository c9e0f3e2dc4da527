package dev.coracle.core.image.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class ImageReferenceTest {

  private static final String HEX = "4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e";
  private static final String DIGEST = "sha256:" + HEX;

  static Stream<Arguments> goodReferences() {
    return Stream.of(
        // input, registry, repository, tag, digest
        Arguments.of("busybox", "docker.io", "library/busybox", "latest", null),
        Arguments.of("busybox:1.36", "docker.io", "library/busybox", "1.36", null),
        Arguments.of("user/app", "docker.io", "user/app", "latest", null),
        Arguments.of("docker.io/busybox", "docker.io", "library/busybox", "latest", null),
        Arguments.of("docker.io/library/busybox", "docker.io", "library/busybox", "latest", null),
        Arguments.of("index.docker.io/library/busybox:1", "docker.io", "library/busybox", "1", null),
        Arguments.of("registry-1.docker.io/user/app:v2", "docker.io", "user/app", "v2", null),
        Arguments.of("index.docker.io/busybox", "docker.io", "library/busybox", "latest", null),
        Arguments.of("quay.io/coreos/etcd:v3.5.0", "quay.io", "coreos/etcd", "v3.5.0", null),
        Arguments.of("127.0.0.1:5000/x/y:1", "127.0.0.1:5000", "x/y", "1", null),
        Arguments.of("localhost/app", "localhost", "app", "latest", null),
        Arguments.of("localhost:5000/app:5000", "localhost:5000", "app", "5000", null),
        Arguments.of("[::1]:5000/a", "[::1]:5000", "a", "latest", null),
        Arguments.of("[fe80::1]/a/b:t", "[fe80::1]", "a/b", "t", null),
        Arguments.of("busybox@" + DIGEST, "docker.io", "library/busybox", null, DIGEST),
        Arguments.of("busybox:1.36@" + DIGEST, "docker.io", "library/busybox", "1.36", DIGEST),
        Arguments.of("127.0.0.1:5000/x@" + DIGEST, "127.0.0.1:5000", "x", null, DIGEST),
        Arguments.of("gcr.io/a/b/c/d:tag_1.0-rc", "gcr.io", "a/b/c/d", "tag_1.0-rc", null),
        Arguments.of("my-registry.example.com:443/team/app__x.y-z:latest",
            "my-registry.example.com:443", "team/app__x.y-z", "latest", null),
        Arguments.of("a-b---c/x_y", "docker.io", "a-b---c/x_y", "latest", null),
        Arguments.of("Registry.Example.COM/app", "Registry.Example.COM", "app", "latest", null),
        Arguments.of("busybox:_under", "docker.io", "library/busybox", "_under", null),
        Arguments.of("busybox:" + "t".repeat(128), "docker.io", "library/busybox", "t".repeat(128), null));
  }

  @ParameterizedTest
  @MethodSource("goodReferences")
  void parse_valid_isNormalised(String input, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(input);

    assertEquals(registry, ref.registry());
    assertEquals(repository, ref.repository());
    assertEquals(tag, ref.tag());
    assertEquals(digest, ref.digest() == null ? null : ref.digest().toString());
  }

  @ParameterizedTest
  @MethodSource("goodReferences")
  void parse_ofCanonicalString_isTheSameReference(String input) {
    ImageReference ref = ImageReference.parse(input);

    assertEquals(ref, ImageReference.parse(ref.toString()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      ''                                | empty reference
      Busybox                           | repository name must be lowercase
      docker.io/User/app                | repository name must be lowercase
      quay.io/team/App:1                | repository name must be lowercase
      busybox:                          | invalid tag
      busybox:-x                        | invalid tag
      busybox:.x                        | invalid tag
      busybox:a b                       | invalid tag
      busybox:latest:1                  | invalid repository name component
      :tag                              | missing repository name
      user/app/                         | must not end with "/"
      user//app                         | must not contain "//"
      /app                              | must not start with "/"
      localhost:5000/                   | missing repository name
      busybox@sha256:abc                | invalid digest
      busybox@                          | invalid digest
      busybox@md5:d41d8cd98f00b204e9800998ecf8427e | invalid digest
      busybox@sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e@sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e | invalid digest
      @sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e | missing repository name
      sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e | image ID
      4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e | image ID
      bad_host:5000/app                 | invalid registry host
      [::1:5000/a                       | invalid registry host
      -foo/bar                          | invalid repository name component
      foo-/bar                          | invalid repository name component
      foo..bar                          | invalid repository name component
      foo___bar                         | invalid repository name component
      user/app name                     | invalid repository name component
      """)
  void parse_invalid_saysWhatIsWrong(String input, String problem) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ImageReference.parse(input));

    assertTrue(e.getMessage().contains("\"" + input + "\""), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void parse_tagLongerThan128_isInvalidTag() {
    String input = "busybox:" + "t".repeat(129);

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ImageReference.parse(input));

    assertTrue(e.getMessage().contains("invalid tag"), e.getMessage());
  }

  @Test
  void parse_nameOf255_isAcceptedAnd256_isTooLong() {
    String longest = "quay.io/" + "a".repeat(255 - "quay.io/".length());
    assertEquals(longest, ImageReference.parse(longest + ":1").name());

    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> ImageReference.parse(longest + "a:1"));
    assertTrue(e.getMessage().contains("longer than 255"), e.getMessage());
  }

  @Test
  void parse_null_isEmptyReference() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ImageReference.parse(null));

    assertTrue(e.getMessage().contains("empty reference"), e.getMessage());
  }

  @Test
  void toString_isCanonical() {
    assertEquals("docker.io/library/busybox:latest", ImageReference.parse("busybox").toString());
    assertEquals("docker.io/library/busybox:1@" + DIGEST, ImageReference.parse("busybox:1@" + DIGEST).toString());
    assertEquals("docker.io/library/busybox@" + DIGEST, ImageReference.parse("busybox@" + DIGEST).toString());
  }

  @Test
  void name_isRegistryAndRepository() {
    assertEquals("127.0.0.1:5000/x/y", ImageReference.parse("127.0.0.1:5000/x/y:1").name());
  }

  @Test
  void manifestReference_prefersDigestOverTag() {
    assertEquals("1.36", ImageReference.parse("busybox:1.36").manifestReference());
    assertEquals(DIGEST, ImageReference.parse("busybox:1.36@" + DIGEST).manifestReference());
  }

  @Test
  void withDigest_keepsTag() {
    ImageReference ref = ImageReference.parse("busybox:1.36").withDigest(Digest.parse(DIGEST));

    assertEquals("docker.io/library/busybox:1.36@" + DIGEST, ref.toString());
  }

  @Test
  void withoutTag_leavesRepoAtDigest() {
    ImageReference ref = ImageReference.parse("busybox:1.36@" + DIGEST).withoutTag();

    assertNull(ref.tag());
    assertEquals("docker.io/library/busybox@" + DIGEST, ref.toString());
  }

  @Test
  void withoutTag_ofTagOnly_isBareNameWithoutManifestReference() {
    ImageReference ref = ImageReference.parse("busybox:1").withoutTag();

    assertEquals("docker.io/library/busybox", ref.toString());
    assertThrows(IllegalStateException.class, ref::manifestReference);
  }

  @ParameterizedTest
  @CsvSource({
      "busybox, busybox",
      "docker.io/library/busybox:1, busybox",
      "user/app, user/app",
      "docker.io/library/x/y, library/x/y",
      "quay.io/coreos/etcd, quay.io/coreos/etcd",
      "localhost:5000/library/app, localhost:5000/library/app"})
  void familiarName_dropsDockerHubDefaults(String input, String familiar) {
    assertEquals(familiar, ImageReference.parse(input).familiarName());
  }

  @ParameterizedTest
  @ValueSource(strings = {HEX, DIGEST})
  void looksLikeImageId_hexOrSha256Id_isTrue(String text) {
    assertTrue(ImageReference.looksLikeImageId(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"busybox", "sha256:abc", "sha512:" + HEX, "docker.io/library/busybox@" + DIGEST,
      "4FBEC69B941195FD56F8212A5000E304129451D82EFCA94FF0E0FB2D5355472E", HEX + "0", ""})
  void looksLikeImageId_other_isFalse(String text) {
    assertFalse(ImageReference.looksLikeImageId(text));
  }

  @Test
  void constructor_invalidParts_isInvalidArgument() {
    assertThrows(InvalidArgumentException.class, () -> new ImageReference("docker.io", "Library/x", "1", null));
    assertThrows(InvalidArgumentException.class, () -> new ImageReference("bad host", "x", "1", null));
    assertThrows(InvalidArgumentException.class, () -> new ImageReference("docker.io", "x", "-1", null));
    assertThrows(InvalidArgumentException.class, () -> new ImageReference(null, "x", "1", null));
  }
}
