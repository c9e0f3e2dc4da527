package dev.coracle.core.image.ref;

import dev.coracle.core.error.InvalidArgumentException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it, {@code algorithm:hex}: the name of every blob, manifest and
 * config. Only algorithms the runtime can verify are accepted (sha256, sha512).
 */
public record Digest(String algorithm, String hex) {

  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    boolean valid = switch (algorithm) {
      case "sha256" -> SHA256.matcher(hex).matches();
      case "sha512" -> SHA512.matcher(hex).matches();
      default -> throw new InvalidArgumentException("unsupported digest algorithm \"" + algorithm + "\"");
    };
    if (!valid) {
      throw new InvalidArgumentException("\"" + algorithm + ":" + hex + "\" is not a valid " + algorithm + " digest");
    }
  }

  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidArgumentException("\"" + text + "\" is not a digest (algorithm:hex)");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static Digest sha256(byte[] data) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(data)));
  }

  /** The digest a finished hasher of this digest's algorithm computed. */
  public static Digest of(String algorithm, MessageDigest finished) {
    return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
  }

  /** A fresh hasher for this digest's algorithm, to verify bytes as they stream. */
  public MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
