package dev.coracle.server.translate;

import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.status.Condition;
import dev.coracle.cri.v1.RuntimeCondition;
import dev.coracle.cri.v1.RuntimeHandler;
import dev.coracle.cri.v1.RuntimeHandlerFeatures;
import java.util.List;

/** Runtime status values to their CRI messages. */
public final class StatusTranslator {

  private StatusTranslator() {}

  public static RuntimeCondition condition(Condition c) {
    return RuntimeCondition.newBuilder()
        .setType(c.type())
        .setStatus(c.ready())
        .setReason(c.reason())
        .setMessage(c.message())
        .build();
  }

  public static List<RuntimeCondition> conditions(List<Condition> conditions) {
    return conditions.stream().map(StatusTranslator::condition).toList();
  }

  public static dev.coracle.cri.v1.CgroupDriver cgroupDriver(CgroupDriver driver) {
    return switch (driver) {
      case CGROUPFS -> dev.coracle.cri.v1.CgroupDriver.CGROUPFS;
      case SYSTEMD -> dev.coracle.cri.v1.CgroupDriver.SYSTEMD;
    };
  }

  /**
   * A runtime handler as {@code Status} reports it: every handler here mounts recursively
   * read-only (runc and crun both support it) and none runs user namespaces yet.
   */
  public static RuntimeHandler runtimeHandler(String name) {
    return RuntimeHandler.newBuilder().setName(name)
        .setFeatures(RuntimeHandlerFeatures.newBuilder().setRecursiveReadOnlyMounts(true).setUserNamespaces(false))
        .build();
  }
}
