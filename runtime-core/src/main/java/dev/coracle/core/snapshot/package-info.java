/**
 * Overlay snapshots: a container's root file system, and the read-only views of images that
 * CRI image volumes mount, made from the layers the image store unpacked.
 *
 * <h2>Why overlay</h2>
 *
 * Each layer is unpacked once (per chain ID) and shared read-only by every container of every
 * image that has it; a container's writes land in an upper dir of its own, copied up from the
 * layers a file at a time only when written. Creating a root file system is then a mount, not a
 * copy, and containers of one image share the page cache of its files. The kernel does the
 * work, as in containerd's and CRI-O's default snapshotters. The layers already hold overlay's
 * own whiteouts (a character device 0/0 hides a lower file, {@code trusted.overlay.opaque=y}
 * hides a lower dir's entries), so a layer dir is a lower dir as it is.
 *
 * <h2>The kernel's limits, and the short-link trick</h2>
 *
 * <ul>
 *   <li>mount(2) copies its option string as one page (4096 bytes on x86_64 and most arm64,
 *       the NUL included). Layer dirs named in full ({@code /var/lib/coracle/layers/<64 hex>/diff},
 *       about 95 bytes) would let an image have some 40 layers; images with a hundred exist.
 *       So each layer dir gets a symbolic link {@code root/l/<12 hex>} (the start of the
 *       SHA-256 of its path: the same layer always gets the same link, made once, kept while a
 *       snapshot names it), and the mount is made with {@code root} as working directory and
 *       the lowers named {@code l/<id>}: 15 bytes a layer, room for about 260 layers. Longer
 *       option strings are refused with the reason ({@link OverlayOptions}).
 *   <li>A JVM cannot change its working directory: it is shared by all threads of the process.
 *       {@link dev.coracle.core.sys.LinuxSyscalls#mountIn} mounts from a short-lived thread
 *       that first takes file-system attributes of its own ({@code unshare(CLONE_FS)}), then
 *       changes directory.
 *   <li>overlay stacks at most 500 lower dirs; the options run out first.
 *   <li>Without an upper dir (a read-only overlay) the kernel wants at least two lower dirs:
 *       a read-only view of one layer is a read-only bind mount of it instead, of none a
 *       read-only bind mount of an empty dir. A writable snapshot of an image without layers
 *       gets an empty lower dir.
 *   <li>Overlays nest at most two deep ({@code FILESYSTEM_MAX_STACK_DEPTH}): the runtime may
 *       itself run on an overlay (in a container) but not on an overlay of an overlay.
 *   <li>The upper dir's file system must support d_type and trusted extended attributes
 *       (ext4, xfs with ftype=1, btrfs, tmpfs do).
 *   <li>Changing a layer or an upper dir below a mounted overlay is undefined behaviour; a
 *       snapshot is deleted only once nothing is mounted at or below it, and a busy one is
 *       detached lazily first.
 * </ul>
 *
 * <h2>State</h2>
 *
 * Snapshots live under the persistent root dir; their mounts do not survive a reboot. Each
 * snapshot's record ({@code snapshot.json}) is written before its first mount, so on start the
 * daemon removes the snapshots of containers that no longer exist
 * ({@link OverlaySnapshots#removeAllExcept}) and mounts the others again over their upper dirs
 * as they were ({@link OverlaySnapshots#ensureMounted}).
 */
package dev.coracle.core.snapshot;
