package dev.coracle.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.container.ContainerSpecBuilderTest.Config;
import dev.coracle.core.container.ContainerSpecBuilderTest.Fixture;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.manifest.ImageConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The stop signal: which one wins, and Linux signal names and numbers. */
class ContainerSpecBuilderSignalTest {

  private static ImageConfig.RunConfig imageStopping(String signal) {
    return new ImageConfig.RunConfig("", List.of(), List.of("/x"), List.of(), "", null, null, null, signal);
  }

  @ParameterizedTest(name = "request \"{0}\", image \"{1}\" -> {2}")
  @CsvSource(nullValues = "null", value = {
      "'', null, SIGTERM",
      "'', '', SIGTERM",
      "'', SIGQUIT, SIGQUIT",
      "SIGINT, SIGQUIT, SIGINT",
      "'', 'SIGRTMIN+3', 'SIGRTMIN+3'",
      "'', 37, 'SIGRTMIN+3'",
      "'', usr1, SIGUSR1",
      "9, SIGQUIT, SIGKILL"})
  void stopSignal_rows(String request, String image, String expected) {
    Config config = Fixture.config();
    config.stopSignal = request;
    assertEquals(expected, ContainerSpecBuilder.stopSignal(config.build(), imageStopping(image)));
  }

  @Test
  void stopSignal_withoutImageConfig_isTheRequestsOrSigterm() {
    assertEquals("SIGTERM", ContainerSpecBuilder.stopSignal(Fixture.config().build(), null));
  }

  @Test
  void stopSignal_unknown_isInvalid() {
    Config config = Fixture.config();
    config.stopSignal = "SIGNOPE";
    assertThrows(InvalidArgumentException.class, () -> ContainerSpecBuilder.stopSignal(config.build(), null));
    assertThrows(InvalidArgumentException.class,
        () -> ContainerSpecBuilder.stopSignal(Fixture.config().build(), imageStopping("SIGWHAT")));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "SIGTERM, 15", "TERM, 15", "sigterm, 15", "SIGKILL, 9", "SIGHUP, 1", "SIGCHLD, 17", "SIGCLD, 17",
      "SIGIOT, 6", "SIGABRT, 6", "SIGPOLL, 29", "SIGIO, 29", "SIGSYS, 31", "SIGWINCH, 28", "SIGPWR, 30",
      "SIGSTKFLT, 16", "SIGRTMIN, 34", "'SIGRTMIN+1', 35", "'SIGRTMIN+15', 49", "'SIGRTMAX-14', 50",
      "'rtmax-1', 63", "SIGRTMAX, 64", "15, 15", "' 2 ', 2", "64, 64"})
  void signalNumber_rows(String signal, int expected) {
    assertEquals(expected, ContainerSpecBuilder.signalNumber(signal));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "32", "33", "65", "99999", "-9", "SIG", "SIGRTMIN+31", "SIGRTMAX-31", "KILL9"})
  void signalNumber_notALinuxSignal_isInvalid(String signal) {
    assertThrows(InvalidArgumentException.class, () -> ContainerSpecBuilder.signalNumber(signal));
  }
}
