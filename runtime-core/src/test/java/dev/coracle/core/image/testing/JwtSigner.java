package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs registry bearer tokens (RS256 JWTs). The header carries the certificate as {@code x5c},
 * which the registry verifies against its {@code rootcertbundle}; it also carries the libtrust
 * style {@code kid} of the same key, the other lookup the registry knows, so either path works.
 */
final class JwtSigner {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final TokenKeys keys;

  JwtSigner(TokenKeys keys) {
    this.keys = keys;
  }

  String sign(ObjectNode claims) {
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("typ", "JWT");
      header.put("alg", "RS256");
      header.put("kid", keyId(keys.certificate().getPublicKey()));
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(keys.certificate().getEncoded()));
      String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
          + URL.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.privateKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot sign a registry token", e);
    }
  }

  /**
   * The key id docker's libtrust derives from a public key: SHA-256 of its DER (SubjectPublicKeyInfo)
   * encoding, the first 240 bits in base32, in groups of four joined by colons.
   */
  static String keyId(PublicKey key) {
    byte[] hash = Arrays.copyOf(sha256(key.getEncoded()), 30);
    StringBuilder base32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : hash) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        base32.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < base32.length(); i += 4) {
      if (i > 0) {
        grouped.append(':');
      }
      grouped.append(base32, i, i + 4);
    }
    return grouped.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
