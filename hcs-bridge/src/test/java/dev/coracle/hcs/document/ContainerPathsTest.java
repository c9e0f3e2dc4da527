package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.schema.ComputeSystem;
import dev.coracle.hcs.schema.MappedDirectory;
import dev.coracle.hcs.schema.MappedPipe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerPathsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "C:\\data, C:\\data",
    "\\data, C:\\data",
    "/data, C:\\data",
    "/var/lib/app, C:\\var\\lib\\app",
    "d:\\logs, d:\\logs",
    "E:/x, E:\\x",
  })
  void containerPath_getsADrive(String in, String expected) {
    assertEquals(expected, ContainerPaths.containerPath(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"C:", "c:", "C:\\", "c:/", "/", "\\"})
  void containerPath_theCDrive_isRefusedByName(String path) {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> ContainerPaths.containerPath(path));
    assertTrue(
        e.getMessage().contains(path) && e.getMessage().contains("C: drive"), e.getMessage());
  }

  @Test
  void containerPath_relative_isRefused() {
    assertThrows(InvalidArgumentException.class, () -> ContainerPaths.containerPath("data"));
  }

  @Test
  void pipe_anyCaseOrSlash_isAMappedPipe() {
    assertTrue(ContainerPaths.isPipe(new MountInput("\\\\.\\pipe\\a", "\\\\.\\PIPE\\a", false)));
    assertTrue(ContainerPaths.isPipe(new MountInput("\\\\.\\pipe\\a", "//./pipe/a", false)));
    assertFalse(ContainerPaths.isPipe(new MountInput("C:\\pipe", "C:\\pipe", false)));
    assertEquals(
        new MappedPipe("docker_engine", "\\\\.\\pipe\\docker_engine", null),
        ContainerPaths.pipe(
            new MountInput("\\\\.\\pipe\\docker_engine", "//./pipe/docker_engine", false)));
    assertThrows(
        InvalidArgumentException.class,
        () -> ContainerPaths.pipe(new MountInput("\\\\.\\pipe\\x", "\\\\.\\pipe\\", false)));
  }

  @Test
  void processContainer_keepsReadOnlyAndMountOrder() {
    ComputeSystem doc =
        ContainerDocuments.processContainer(
            Fixtures.process(
                List.of(
                    new MountInput("C:\\a", "\\a", true), new MountInput("C:\\b", "C:\\b", false)),
                null));
    assertEquals(
        List.of(
            new MappedDirectory("C:\\a", null, "C:\\a", true),
            new MappedDirectory("C:\\b", null, "C:\\b", false)),
        doc.container().mappedDirectories());
  }

  @Test
  void processContainer_cDriveDestination_failsTheWholeDocument() {
    InvalidArgumentException e =
        assertThrows(
            InvalidArgumentException.class,
            () ->
                ContainerDocuments.processContainer(
                    Fixtures.process(List.of(new MountInput("C:\\host", "C:\\", false)), null)));
    assertTrue(e.getMessage().contains("C:\\"), e.getMessage());
  }

  @Test
  void processContainer_rootMustBeAVolumePath_andGetsItsBackslash() {
    ContainerInput directory =
        new ContainerInput(
            "c1", null, List.of(Fixtures.BASE), "C:\\coracle\\scratch", null, null, null, 2, null);
    assertThrows(
        InvalidArgumentException.class, () -> ContainerDocuments.processContainer(directory));
    ContainerInput slashed =
        new ContainerInput(
            "c1", null, List.of(Fixtures.BASE), Fixtures.VOLUME + "\\", null, null, null, 2, null);
    assertEquals(
        Fixtures.VOLUME + "\\",
        ContainerDocuments.processContainer(slashed).container().storage().path());
  }

  @Test
  void mappedDirectoryUpdate_refusesPipes() {
    assertThrows(
        InvalidArgumentException.class,
        () ->
            ContainerDocuments.mappedDirectory(
                new MountInput("\\\\.\\pipe\\x", "\\\\.\\pipe\\x", false)));
  }
}
