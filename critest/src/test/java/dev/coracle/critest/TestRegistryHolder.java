package dev.coracle.critest;

import dev.coracle.core.image.testing.TestImages;
import dev.coracle.core.image.testing.TestRegistry;

/**
 * One docker-registry on 127.0.0.1 for the whole run, with the test images pushed once. Any
 * runtime reaches a loopback registry over plain HTTP without configuration.
 */
final class TestRegistryHolder {

  private static TestRegistry registry;
  private static TestImages images;
  private static TestRegistry secured;
  private static TestImages securedImages;

  private TestRegistryHolder() {}

  static synchronized TestRegistry registry() {
    if (registry == null) {
      registry = TestRegistry.start(TestRegistry.Auth.NONE);
      Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "critest-registry-stop"));
      images = new TestImages(registry);
    }
    return registry;
  }

  static synchronized TestImages images() {
    registry();
    return images;
  }

  /** A registry that wants a user name and password (basic auth). */
  static synchronized TestRegistry secured() {
    if (secured == null) {
      secured = TestRegistry.start(TestRegistry.Auth.BASIC);
      Runtime.getRuntime().addShutdownHook(new Thread(secured::close, "critest-secured-registry-stop"));
      securedImages = new TestImages(secured);
    }
    return secured;
  }

  static synchronized TestImages securedImages() {
    secured();
    return securedImages;
  }
}
