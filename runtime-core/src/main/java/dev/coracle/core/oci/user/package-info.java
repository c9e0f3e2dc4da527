/**
 * The uid, gid and groups a container's process runs with, read from the image's own
 * /etc/passwd and /etc/group without ever leaving its root filesystem.
 */
package dev.coracle.core.oci.user;
