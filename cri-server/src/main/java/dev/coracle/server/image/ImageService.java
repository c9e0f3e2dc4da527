package dev.coracle.server.image;

import dev.coracle.cri.v1.ImageServiceGrpc;

/**
 * The CRI ImageService. Every RPC answers {@code UNIMPLEMENTED} with its name until the image
 * pipeline lands; none pretends to succeed.
 */
public final class ImageService extends ImageServiceGrpc.ImageServiceImplBase {}
