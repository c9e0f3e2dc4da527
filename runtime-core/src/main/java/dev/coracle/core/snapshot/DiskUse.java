package dev.coracle.core.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Bytes and inodes of a tree, walked without following links: the apparent size of every
 * file, directory and link, each inode counted once however many hard links name it. Files a
 * running container deletes during the walk are skipped, not errors.
 */
record DiskUse(long bytes, long inodes) {

  static DiskUse of(Path root) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] totals = {0, 0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        count(attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        count(attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        return FileVisitResult.CONTINUE;
      }

      private void count(BasicFileAttributes attrs) {
        // fileKey is (device, inode) on Linux; without one every entry counts.
        Object key = attrs.fileKey();
        if (key == null || seen.add(key)) {
          totals[0] += attrs.size();
          totals[1]++;
        }
      }
    });
    return new DiskUse(totals[0], totals[1]);
  }
}
