package dev.coracle.core.image.manifest;

import static dev.coracle.core.image.manifest.Documents.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.NotFoundException;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.ref.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformSelectorTest {

  private static final ImageIndex BUILDX = ManifestCodec.readIndex(bytes(Documents.OCI_INDEX));
  private static final ImageIndex WINDOWS = ManifestCodec.readIndex(bytes(Documents.DOCKER_LIST));

  @ParameterizedTest
  @CsvSource({
      "linux/amd64, " + Documents.AMD64,
      "linux/arm64/v8, " + Documents.ARM64,
      "linux/arm64, " + Documents.ARM64,
      "linux/arm/v7, " + Documents.ARMV7,
      "linux/arm/v8, " + Documents.ARMV7})
  void select_picksTheMatchingPlatform(String wanted, String digest) {
    assertEquals(Digest.parse(digest), PlatformSelector.select(BUILDX, Platform.parse(wanted)).digest());
  }

  @Test
  void select_prefersExactVariantOverEarlierCompatibleOne() {
    ImageIndex index = index(entry(Documents.LAYER1, "linux", "arm", "v6"), entry(Documents.LAYER2, "linux", "arm", "v7"));

    assertEquals(Digest.parse(Documents.LAYER2), PlatformSelector.select(index, Platform.parse("linux/arm/v7")).digest());
  }

  @Test
  void select_takesTheNewestCompatibleVariantWhenNoneIsExact() {
    ImageIndex index = index(entry(Documents.LAYER1, "linux", "arm", "v5"), entry(Documents.LAYER2, "linux", "arm", "v6"));

    assertEquals(Digest.parse(Documents.LAYER2), PlatformSelector.select(index, Platform.parse("linux/arm/v7")).digest());
  }

  @Test
  void select_hostWithoutVariant_prefersImageWithoutVariant() {
    ImageIndex index = index(entry(Documents.LAYER1, "linux", "amd64", "v3"), entry(Documents.LAYER2, "linux", "amd64", null));

    assertEquals(Digest.parse(Documents.LAYER2), PlatformSelector.select(index, Platform.parse("linux/amd64")).digest());
  }

  @Test
  void select_amongEqualMatches_takesTheFirstListed() {
    ImageIndex index = index(entry(Documents.LAYER1, "linux", "amd64", null), entry(Documents.LAYER2, "linux", "amd64", null));

    assertEquals(Digest.parse(Documents.LAYER1), PlatformSelector.select(index, Platform.parse("linux/amd64")).digest());
  }

  @Test
  void select_armV6Host_doesNotTakeV7() {
    assertThrows(NotFoundException.class, () -> PlatformSelector.select(BUILDX, Platform.parse("linux/arm/v6")));
  }

  @Test
  void select_skipsAttestationsEvenWithAMatchingPlatform() {
    Descriptor attestation = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(Documents.ATTESTATION), 839, null,
        Map.of("vnd.docker.reference.type", "attestation-manifest"), new PlatformSpec("amd64", "linux", null, null, null));
    ImageIndex index = index(attestation, entry(Documents.AMD64, "linux", "amd64", null));

    assertEquals(Digest.parse(Documents.AMD64), PlatformSelector.select(index, Platform.parse("linux/amd64")).digest());
  }

  @Test
  void select_skipsEntriesWithoutPlatformAndNestedIndexes() {
    Descriptor noPlatform = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(Documents.LAYER1), 1, null, null, null);
    Descriptor nested = new Descriptor(MediaTypes.OCI_INDEX, Digest.parse(Documents.LAYER2), 1, null, null,
        new PlatformSpec("amd64", "linux", null, null, null));
    Descriptor partial = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(Documents.CONFIG), 1, null, null,
        new PlatformSpec(null, "linux", null, null, null));
    ImageIndex index = index(noPlatform, nested, partial, entry(Documents.AMD64, "linux", "amd64", null));

    assertEquals(Digest.parse(Documents.AMD64), PlatformSelector.select(index, Platform.parse("linux/amd64")).digest());
  }

  @Test
  void select_notFound_namesWantedAndAvailablePlatforms() {
    NotFoundException e =
        assertThrows(NotFoundException.class, () -> PlatformSelector.select(BUILDX, Platform.parse("linux/s390x")));

    assertEquals("no image for platform linux/s390x in [linux/amd64, linux/arm64/v8, linux/arm/v7]", e.getMessage());
  }

  @Test
  void select_notFoundInEmptyIndex_saysSo() {
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> PlatformSelector.select(index(), Platform.parse("linux/amd64")));

    assertEquals("no image for platform linux/amd64 in an index that lists no platform images", e.getMessage());
  }

  @Test
  void select_windowsIgnoresOsVersionWithoutARule() {
    Platform host = new Platform("windows", "amd64", null, "10.0.20348.2227");

    assertEquals(Digest.parse(Documents.WIN1809), PlatformSelector.select(WINDOWS, host).digest());
  }

  @Test
  void select_withPredicate_letsTheBackendAddItsRule() {
    Platform host = new Platform("windows", "amd64", null, "10.0.20348.2227");

    Descriptor chosen = PlatformSelector.select(WINDOWS, host,
        d -> d.platform().osVersion().startsWith("10.0.20348."));

    assertEquals(Digest.parse(Documents.WIN2022), chosen.digest());
  }

  @Test
  void select_withPredicateRejectingAll_isNotFoundListingOsVersions() {
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> PlatformSelector.select(WINDOWS, Platform.parse("windows/amd64"), d -> false));

    assertEquals("no image for platform windows/amd64 in "
        + "[windows/amd64 (10.0.17763.5329), windows/amd64 (10.0.20348.2227)]", e.getMessage());
  }

  @Test
  void select_withPolicy_givesItTheRuntimeHandler() {
    PlatformPolicy byHandler = (d, handler) -> handler.equals("old") == d.platform().osVersion().startsWith("10.0.17763.");
    Platform host = Platform.parse("windows/amd64");

    assertEquals(Digest.parse(Documents.WIN1809), PlatformSelector.select(WINDOWS, host, byHandler, "old").digest());
    assertEquals(Digest.parse(Documents.WIN2022), PlatformSelector.select(WINDOWS, host, byHandler, "").digest());
  }

  @Test
  void select_withPolicy_nullHandlerIsTheDefault() {
    List<String> seen = new ArrayList<>();
    PlatformSelector.select(WINDOWS, Platform.parse("windows/amd64"), (d, handler) -> seen.add(handler), null);

    assertEquals(List.of("", ""), seen);
  }

  @Test
  void select_policyPreference_breaksTiesOfEquallyCloseEntries() {
    PlatformPolicy newest = new PlatformPolicy() {
      @Override
      public boolean accepts(Descriptor entry, String runtimeHandler) {
        return true;
      }

      @Override
      public Comparator<Descriptor> preference() {
        return Comparator.comparing(d -> d.platform().osVersion());
      }
    };
    ImageIndex reversed = index(WINDOWS.manifests().get(1), WINDOWS.manifests().get(0));

    assertEquals(Digest.parse(Documents.WIN2022),
        PlatformSelector.select(WINDOWS, Platform.parse("windows/amd64"), newest, "").digest());
    assertEquals(Digest.parse(Documents.WIN2022),
        PlatformSelector.select(reversed, Platform.parse("windows/amd64"), newest, "").digest());
  }

  @Test
  void select_policyPreference_neverOverridesACloserVariant() {
    PlatformPolicy preferV6 = new PlatformPolicy() {
      @Override
      public boolean accepts(Descriptor entry, String runtimeHandler) {
        return true;
      }

      @Override
      public Comparator<Descriptor> preference() {
        return Comparator.comparing(d -> d.platform().variant().equals("v6"));
      }
    };
    ImageIndex index = index(entry(Documents.LAYER1, "linux", "arm", "v6"), entry(Documents.LAYER2, "linux", "arm", "v7"));

    assertEquals(Digest.parse(Documents.LAYER2),
        PlatformSelector.select(index, Platform.parse("linux/arm/v7"), preferV6, "").digest());
  }

  @Test
  void select_anyPolicy_isTodaysChoice() {
    assertEquals(Digest.parse(Documents.WIN1809),
        PlatformSelector.select(WINDOWS, Platform.parse("windows/amd64"), PlatformPolicy.ANY, "").digest());
  }

  @Test
  void select_policyRejectingAll_notFoundSaysWhatItChecked() {
    PlatformPolicy none = new PlatformPolicy() {
      @Override
      public boolean accepts(Descriptor entry, String runtimeHandler) {
        return false;
      }

      @Override
      public String describe(String runtimeHandler) {
        return "that host build 10.0.14393.1 can run (" + runtimeHandler + ")";
      }
    };

    NotFoundException e = assertThrows(NotFoundException.class,
        () -> PlatformSelector.select(WINDOWS, Platform.parse("windows/amd64"), none, "h"));

    assertEquals("no image for platform windows/amd64 that host build 10.0.14393.1 can run (h) in "
        + "[windows/amd64 (10.0.17763.5329), windows/amd64 (10.0.20348.2227)]", e.getMessage());
  }

  private static Descriptor entry(String digest, String os, String arch, String variant) {
    return new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(digest), 1000, null, null,
        new PlatformSpec(arch, os, variant, null, null));
  }

  private static ImageIndex index(Descriptor... entries) {
    return new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(entries), null);
  }
}
