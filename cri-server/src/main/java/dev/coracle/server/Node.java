package dev.coracle.server;

import dev.coracle.core.backend.PodBackend;
import dev.coracle.core.cgroups.CgroupDriver;
import dev.coracle.core.image.ImageManager;
import java.util.Map;

/**
 * One platform's half of the daemon: the backend the CRI handlers call and the images it runs,
 * opened over the claimed endpoint and the pod network, closed without touching a pod.
 */
interface Node extends AutoCloseable {

  PodBackend backend();

  ImageManager images();

  /** What RuntimeConfig reports; Windows nodes have no cgroups and report cgroupfs, as containerd does. */
  CgroupDriver cgroupDriver();

  /** The runtime handlers and their programs, for the verbose Status. */
  Map<String, Object> describe();

  /** Lets go of watchers, stores and images; pods and containers run on. */
  @Override
  void close();
}
