package dev.coracle.hcs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coracle.core.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerInputTest {

  @Test
  void containerInput_needsABaseLayerARootAndCpus() {
    assertEquals(
        "container c1 needs at least its base layer",
        assertThrows(
                InvalidArgumentException.class,
                () ->
                    new ContainerInput(
                        "c1", null, List.of(), Fixtures.VOLUME, null, null, null, 2, null))
            .getMessage());
    assertThrows(
        InvalidArgumentException.class,
        () ->
            new ContainerInput("c1", null, List.of(Fixtures.BASE), "", null, null, null, 2, null));
    assertThrows(
        InvalidArgumentException.class,
        () ->
            new ContainerInput(
                "c1", null, List.of(Fixtures.BASE), Fixtures.VOLUME, null, null, null, 0, null));
    assertThrows(
        InvalidArgumentException.class,
        () ->
            new ContainerInput(
                " ", null, List.of(Fixtures.BASE), Fixtures.VOLUME, null, null, null, 1, null));
  }

  @Test
  void containerInput_copiesItsLists() {
    List<MountInput> mounts = new ArrayList<>(List.of(new MountInput("C:\\a", "C:\\a", false)));
    ContainerInput in =
        new ContainerInput(
            "c1", null, List.of(Fixtures.BASE), Fixtures.VOLUME, mounts, null, null, 1, null);
    mounts.clear();
    assertEquals(1, in.mounts().size());
    assertEquals(WindowsResourcesInput.NONE, in.resources());
  }

  @Test
  void layerAndMount_needTheirPaths() {
    assertThrows(InvalidArgumentException.class, () -> new LayerRef("id", null));
    assertThrows(InvalidArgumentException.class, () -> new MountInput("C:\\a", "", true));
  }

  @Test
  void hostedContainer_needsItsUtilityVm() {
    ContainerInput in =
        new ContainerInput(
            "c1", null, List.of(Fixtures.BASE), "C:\\mounts\\scsi\\m1", null, null, null, 2, null);
    assertThrows(InvalidArgumentException.class, () -> ContainerDocuments.hostedContainer("", in));
  }

  @Test
  void hostedContainer_scaledMaximumIsClampedToTheHcsRange() {
    ContainerInput in =
        new ContainerInput(
            "c1",
            null,
            List.of(Fixtures.BASE),
            "C:\\m",
            null,
            null,
            Fixtures.cpu(null, null, 8000L),
            1,
            null);
    assertEquals(
        10000,
        ContainerDocuments.hostedContainer("u", in, 4)
            .hostedSystem()
            .container()
            .processor()
            .maximum());
    assertEquals(
        8000,
        ContainerDocuments.hostedContainer("u", in)
            .hostedSystem()
            .container()
            .processor()
            .maximum());
  }

  @Test
  void vsmbGuestPaths_shareAndPipe() {
    assertEquals(
        "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\s1",
        ContainerDocuments.vsmbGuestPath("s1"));
    assertEquals(
        "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\IPC$\\docker_engine",
        ContainerDocuments.vsmbPipeGuestPath("docker_engine"));
  }
}
