package dev.coracle.core.image.unpack;

import dev.coracle.core.image.ref.Digest;

/**
 * What unpacking one layer produced.
 *
 * @param diffId sha256 of the uncompressed tar stream, every byte of it: what the image
 *     config's {@code rootfs.diff_ids} lists for this layer
 * @param bytes the sizes of the regular files written, added up
 * @param inodes the file system objects created: files, directories (those the layer names and
 *     those created because an entry needed a parent), symbolic links, device nodes, FIFOs and
 *     whiteouts; hard links add none. Objects a later entry of the same layer replaced still
 *     count, as do their bytes.
 */
public record UnpackResult(Digest diffId, long bytes, long inodes) {}
