package dev.coracle.core.image.registry;

import dev.coracle.core.image.ref.Digest;

/** A manifest or index exactly as the registry sent it, with the digest of those bytes. */
public record FetchedManifest(byte[] body, String contentType, Digest digest) {}
