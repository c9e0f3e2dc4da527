package dev.coracle.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemdSlicesTest {

  @ParameterizedTest
  @CsvSource({
      "kubepods.slice, kubepods.slice",
      "kubepods-besteffort.slice, kubepods.slice/kubepods-besteffort.slice",
      "kubepods-burstable-pod1234.slice, kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice",
      "-.slice, ''"})
  void path_expandsEachDashIntoALevel(String slice, String path) {
    assertTrue(SystemdSlices.isSlice(slice));
    assertEquals(path, SystemdSlices.path(slice));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a--b.slice", "-a.slice", "a-.slice", ".slice"})
  void path_malformedName_isRefused(String slice) {
    assertThrows(InvalidArgumentException.class, () -> SystemdSlices.path(slice));
  }

  @ParameterizedTest
  @ValueSource(strings = {"coracle", "kubepods/burstable", "a.slice/b", "pod.scope"})
  void isSlice_cgroupfsPaths_areNotSlices(String name) {
    assertFalse(SystemdSlices.isSlice(name));
  }
}
