package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.WindowsTestImages;
import dev.coracle.cri.v1.AuthConfig;
import dev.coracle.cri.v1.Image;
import dev.coracle.cri.v1.ImageFilter;
import dev.coracle.cri.v1.ImageFsInfoRequest;
import dev.coracle.cri.v1.ImageFsInfoResponse;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.ImageStatusRequest;
import dev.coracle.cri.v1.ImageStatusResponse;
import dev.coracle.cri.v1.ListImagesRequest;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.RemoveImageRequest;
import dev.coracle.cri.v1.StreamImagesRequest;
import dev.coracle.cri.v1.StreamImagesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Images")
class ImagesSpec {

  private final CriEndpoint cri = CriEndpoint.get();

  private static ImageSpec spec(String name) {
    return ImageSpec.newBuilder().setImage(name).build();
  }

  private String pull(String name) {
    return cri.images().pullImage(PullImageRequest.newBuilder().setImage(spec(name)).build()).getImageRef();
  }

  private ImageStatusResponse status(String name) {
    return cri.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec(name)).build());
  }

  private void remove(String name) {
    cri.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec(name)).build());
  }

  /** An image this node can run: busybox on Linux, a Windows-shaped servercore index on Windows. */
  private static PushedImage image(String repository) {
    return Requirements.windows()
        ? new WindowsTestImages(TestRegistryHolder.registry()).servercore(repository, "1.36", WindowsTestImages.LTSC2022)
        : TestRegistryHolder.images().busybox(repository, "1.36");
  }

  /** Another image, different from {@link #image}'s. */
  private static PushedImage otherImage(String repository) {
    return Requirements.windows()
        ? new WindowsTestImages(TestRegistryHolder.registry()).tiny(repository, "1", "other")
        : TestRegistryHolder.images().zstd(repository, "1");
  }

  /** {@link #image} on the registry that wants a password. */
  private static PushedImage privateImage(String repository) {
    return Requirements.windows()
        ? new WindowsTestImages(TestRegistryHolder.secured()).servercore(repository, "1", WindowsTestImages.LTSC2022)
        : TestRegistryHolder.securedImages().busybox(repository, "1");
  }

  @Test
  @DisplayName("pull by tag: the image_ref is the image's ID, and status finds it by tag and by ID")
  void pullByTag() {
    PushedImage pushed = image("spec/by-tag");
    String ref = pull(pushed.reference());
    Image byTag = status(pushed.reference()).getImage();
    assertEquals(ref, byTag.getId());
    assertTrue(byTag.getRepoTagsList().contains(pushed.reference()), byTag.getRepoTagsList()::toString);
    assertEquals(ref, status(ref).getImage().getId());
    assertTrue(byTag.getSize() > 0);
    remove(ref);
  }

  @Test
  @DisplayName("pull by digest: status by digest, repo digest recorded")
  void pullByDigest() {
    PushedImage pushed = image("spec/by-digest");
    String byDigest = TestRegistryHolder.registry().host() + "/spec/by-digest@" + pushed.manifestDigest();
    String ref = pull(byDigest);
    Image image = status(byDigest).getImage();
    assertEquals(ref, image.getId());
    assertTrue(image.getRepoDigestsList().contains(byDigest), image.getRepoDigestsList()::toString);
    remove(ref);
  }

  @Test
  @DisplayName("list shows pulled images, with a filter too")
  void list() {
    PushedImage a = image("spec/list-a");
    String refA = pull(a.reference());
    List<Image> all = cri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList();
    assertTrue(all.stream().anyMatch(i -> i.getId().equals(refA)), all::toString);
    // containerd 1.6 ignores the filter (it lists every image), so only inclusion holds for all.
    List<Image> filtered = listFiltered(a.reference());
    assertTrue(filtered.stream().anyMatch(i -> i.getId().equals(refA)), filtered::toString);
    remove(refA);
  }

  @Test
  @DisplayName("Coracle extension: a ListImages filter narrows the list to the image named")
  void listFilterNarrows() {
    Requirements.coracleOnly(cri);
    PushedImage a = image("spec/list-a");
    PushedImage b = otherImage("spec/list-b");
    String refA = pull(a.reference());
    String refB = pull(b.reference());
    assertEquals(List.of(refA), listFiltered(a.reference()).stream().map(Image::getId).toList());
    remove(refA);
    remove(refB);
  }

  private List<Image> listFiltered(String name) {
    return cri.images().listImages(ListImagesRequest.newBuilder()
        .setFilter(ImageFilter.newBuilder().setImage(spec(name))).build()).getImagesList();
  }

  @Test
  @DisplayName("status of an image that is not there is empty, not an error")
  void statusOfMissingImage() {
    assertFalse(status(TestRegistryHolder.registry().host() + "/spec/never:1").hasImage());
  }

  @Test
  @DisplayName("verbose status adds info")
  void verboseStatus() {
    PushedImage pushed = image("spec/verbose");
    String ref = pull(pushed.reference());
    ImageStatusResponse verbose = cri.images().imageStatus(
        ImageStatusRequest.newBuilder().setImage(spec(ref)).setVerbose(true).build());
    assertTrue(verbose.getInfoCount() > 0);
    remove(ref);
  }

  @Test
  @DisplayName("remove by tag, by ID and by digest; then pull again")
  void removeByEveryName() {
    PushedImage pushed = image("spec/remove");
    String byDigest = TestRegistryHolder.registry().host() + "/spec/remove@" + pushed.manifestDigest();
    for (String name : List.of(pushed.reference(), "ID", byDigest)) {
      String ref = pull(pushed.reference());
      if (name.equals(byDigest)) {
        pull(byDigest);
      }
      remove(name.equals("ID") ? ref : name);
      assertFalse(status(ref).hasImage(), "removed by " + name);
    }
    assertEquals(pull(pushed.reference()), status(pushed.reference()).getImage().getId());
    remove(pushed.reference());
  }

  @Test
  @DisplayName("removing an image that is not there succeeds")
  void removeMissing() {
    remove(TestRegistryHolder.registry().host() + "/spec/never:1");
  }

  @Test
  @DisplayName("pull of a missing image fails")
  void pullMissing() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> pull(TestRegistryHolder.registry().host() + "/spec/missing:nope"));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
  }

  @Test
  @DisplayName("Coracle extension: pull of a missing image is NOT_FOUND naming it")
  void pullMissingIsNotFound() {
    Requirements.coracleOnly(cri);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> pull(TestRegistryHolder.registry().host() + "/spec/missing:nope"));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("spec/missing"), e::toString);
  }

  @Test
  @DisplayName("pull from a private registry: refused with wrong credentials, done with the right ones")
  void pullWithCredentials() {
    PushedImage pushed = privateImage("spec/private");
    var registry = TestRegistryHolder.secured();
    PullImageRequest.Builder wrong = PullImageRequest.newBuilder().setImage(spec(pushed.reference()))
        .setAuth(AuthConfig.newBuilder().setUsername(registry.username()).setPassword("wrong-" + registry.password()));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cri.images().pullImage(wrong.build()));
    assertNotEquals(Status.Code.OK, e.getStatus().getCode());
    String ref = cri.images().pullImage(PullImageRequest.newBuilder().setImage(spec(pushed.reference()))
        .setAuth(AuthConfig.newBuilder().setUsername(registry.username()).setPassword(registry.password()))
        .build()).getImageRef();
    assertEquals(pushed.configDigest().toString(), ref);
    remove(ref);
  }

  @Test
  @DisplayName("Coracle extension: wrong credentials are PERMISSION_DENIED")
  void wrongCredentialsArePermissionDenied() {
    Requirements.coracleOnly(cri);
    PushedImage pushed = privateImage("spec/private");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cri.images().pullImage(
        PullImageRequest.newBuilder().setImage(spec(pushed.reference()))
            .setAuth(AuthConfig.newBuilder().setUsername("nobody").setPassword("nothing")).build()));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e::toString);
  }

  @Test
  @DisplayName("ImageFsInfo reports the image filesystem with usage")
  void imageFsInfo() {
    PushedImage pushed = image("spec/fsinfo");
    String ref = pull(pushed.reference());
    ImageFsInfoResponse info = cri.images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance());
    assertFalse(info.getImageFilesystemsList().isEmpty());
    var fs = info.getImageFilesystems(0);
    assertFalse(fs.getFsId().getMountpoint().isEmpty());
    assertTrue(fs.getTimestamp() > 0);
    remove(ref);
  }

  @Test
  @DisplayName("Coracle extension: ImageFsInfo counts an image right after its pull, and frees it on removal")
  void imageFsInfoIsCurrent() {
    Requirements.coracleOnly(cri);
    long before = usedBytes();
    // On Windows every servercore shares its layers with the pause image: only a new layer adds bytes.
    String ref = pull((Requirements.windows()
        ? new WindowsTestImages(TestRegistryHolder.registry()).tiny("spec/fsinfo-now", "1", Pods.unique("fsinfo"))
        : image("spec/fsinfo-now")).reference());
    long during = usedBytes();
    // busybox is over 1 MB; the Windows-shaped test images are a few hundred bytes.
    long atLeast = Requirements.windows() ? 1 : 1_000_000;
    assertTrue(during >= before + atLeast, before + " -> " + during);
    remove(ref);
    assertEquals(before, usedBytes());
  }

  private long usedBytes() {
    return cri.images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance()).getImageFilesystems(0)
        .getUsedBytes().getValue();
  }

  @Test
  @DisplayName("StreamImages returns what ListImages returns")
  void streamImages() {
    PushedImage pushed = image("spec/stream");
    String ref = pull(pushed.reference());
    List<String> listed = cri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
        .map(Image::getId).sorted().toList();
    List<String> streamed = Requirements.rpcSince("StreamImages", "1.36", () -> {
      List<String> ids = new ArrayList<>();
      Iterator<StreamImagesResponse> it = cri.images().streamImages(StreamImagesRequest.getDefaultInstance());
      it.forEachRemaining(r -> r.getImagesList().forEach(i -> ids.add(i.getId())));
      return ids.stream().sorted().toList();
    });
    assertEquals(listed, streamed);
    remove(ref);
  }
}
