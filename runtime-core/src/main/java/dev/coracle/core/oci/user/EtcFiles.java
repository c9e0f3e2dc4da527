package dev.coracle.core.oci.user;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The entries of an image's /etc/passwd and /etc/group (the formats of passwd(5) and group(5)).
 * Lines that are blank, comments, NIS inclusions (+ and -) or malformed are skipped, as the C
 * library skips them; the first entry of a name or id wins.
 */
final class EtcFiles {

  /** An id the kernel accepts: 32 bits, and not (uid_t) -1, which means "no change". */
  static final long MAX_ID = 4294967294L;

  record Passwd(String name, long uid, long gid, String home) {}

  record Group(String name, long gid, List<String> members) {}

  private final List<Passwd> users;
  private final List<Group> groups;

  private EtcFiles(List<Passwd> users, List<Group> groups) {
    this.users = users;
    this.groups = groups;
  }

  static EtcFiles parse(String passwd, String group) {
    List<Passwd> users = new ArrayList<>();
    for (String[] fields : records(passwd, 4)) {
      Long uid = id(fields[2]);
      Long gid = id(fields[3]);
      if (uid != null && gid != null) {
        users.add(new Passwd(fields[0], uid, gid, fields.length > 5 && !fields[5].isEmpty() ? fields[5] : null));
      }
    }
    List<Group> groups = new ArrayList<>();
    for (String[] fields : records(group, 3)) {
      Long gid = id(fields[2]);
      if (gid != null) {
        List<String> members = fields.length > 3
            ? Arrays.stream(fields[3].split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList()
            : List.of();
        groups.add(new Group(fields[0], gid, members));
      }
    }
    return new EtcFiles(users, groups);
  }

  Optional<Passwd> userNamed(String name) {
    return users.stream().filter(user -> user.name().equals(name)).findFirst();
  }

  Optional<Passwd> userWithUid(long uid) {
    return users.stream().filter(user -> user.uid() == uid).findFirst();
  }

  Optional<Group> groupNamed(String name) {
    return groups.stream().filter(group -> group.name().equals(name)).findFirst();
  }

  /** The gids of the groups that list {@code username} as a member. */
  List<Long> groupsListing(String username) {
    return groups.stream().filter(group -> group.members().contains(username)).map(Group::gid).toList();
  }

  /** A decimal id in the kernel's range, or null. */
  static Long id(String text) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    long value = Long.parseLong(text);
    return value <= MAX_ID ? value : null;
  }

  private static List<String[]> records(String text, int minFields) {
    List<String[]> records = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("+") || trimmed.startsWith("-")) {
        continue;
      }
      String[] fields = trimmed.split(":", -1);
      if (fields.length >= minFields && !fields[0].isEmpty()) {
        records.add(fields);
      }
    }
    return records;
  }
}
