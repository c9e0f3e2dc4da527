package dev.coracle.server.translate;

import dev.coracle.core.image.ImageManager;
import dev.coracle.core.image.manifest.ImageConfig;
import dev.coracle.core.image.registry.Credentials;
import dev.coracle.core.image.store.ImageRecord;
import dev.coracle.cri.v1.AuthConfig;
import dev.coracle.cri.v1.FilesystemIdentifier;
import dev.coracle.cri.v1.FilesystemUsage;
import dev.coracle.cri.v1.Image;
import dev.coracle.cri.v1.ImageSpec;
import dev.coracle.cri.v1.Int64Value;
import dev.coracle.cri.v1.UInt64Value;

/** Image records and settings to and from their CRI messages. */
public final class ImageTranslator {

  private ImageTranslator() {}

  public static Credentials credentials(AuthConfig auth) {
    return Credentials.of(auth.getUsername(), auth.getPassword(), auth.getAuth(), auth.getIdentityToken(),
        auth.getRegistryToken());
  }

  /**
   * The CRI view of an image. {@code id} is the config digest, the same string PullImage
   * returns as {@code image_ref} and containers report as {@code image_id}.
   */
  public static Image image(ImageRecord record, ImageConfig config) {
    Image.Builder image = Image.newBuilder()
        .setId(record.id().toString())
        .addAllRepoTags(record.repoTags())
        .addAllRepoDigests(record.repoDigests())
        .setSize(record.size())
        .setSpec(ImageSpec.newBuilder().setImage(record.id().toString()))
        .setPinned(record.pinned());
    String user = config.config().user();
    String name = user == null ? "" : user.split(":", 2)[0];
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      image.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
    } else if (!name.isEmpty()) {
      image.setUsername(name);
    }
    return image.build();
  }

  public static FilesystemUsage usage(ImageManager.Usage usage, long nowNanos) {
    return FilesystemUsage.newBuilder()
        .setTimestamp(nowNanos)
        .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(usage.mountpoint().toString()))
        .setUsedBytes(UInt64Value.newBuilder().setValue(usage.bytes()))
        .setInodesUsed(UInt64Value.newBuilder().setValue(usage.inodes()))
        .build();
  }
}
