package dev.coracle.hcs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HcsJsonTest {

  @Test
  void write_leavesOutNullsAndEmptyCollections() {
    Storage storage = new Storage(List.of(), "\\\\?\\Volume{x}\\", null);
    assertEquals("{\"Path\":\"\\\\\\\\?\\\\Volume{x}\\\\\"}", HcsJson.write(storage));
    assertEquals("{}", HcsJson.write(new Networking(null, null, "")));
    assertEquals(
        "{\"Name\":\"n\"}", HcsJson.write(new VirtualSmbShare("n", null, List.of(), null)));
  }

  @Test
  void write_keepsFalseAndZeroWhereTheyAreSet() {
    assertEquals("{\"Major\":2,\"Minor\":0}", HcsJson.write(SchemaVersion.HCN));
    assertEquals(
        "{\"HostPath\":\"h\",\"ContainerPath\":\"C:\\\\c\",\"ReadOnly\":false}",
        HcsJson.write(new MappedDirectory("h", null, "C:\\c", false)));
  }

  @Test
  void write_guestConnectionIsAnEmptyObject() {
    assertEquals("{}", HcsJson.write(new GuestConnection()));
  }

  @Test
  void read_ignoresFieldsANewerHostAdds() {
    Properties p =
        HcsJson.read(
            "{\"Id\":\"c1\",\"SystemType\":\"Container\",\"NewIn2030\":{\"A\":1}}",
            Properties.class);
    assertEquals("c1", p.id());
    assertEquals("Container", p.systemType());
  }

  @Test
  void read_resultErrorAndEvents() {
    ResultError e =
        HcsJson.read(
            "{\"Error\":-1070137074,\"ErrorMessage\":\"The system cannot find the file"
                + " specified.\","
                + "\"ErrorEvents\":[{\"Message\":\"m\",\"Provider\":\"17103e3f-3c6e-4677-bb17-3b267eb5be57\","
                + "\"EventId\":14,\"Flags\":0,\"Source\":\"s\"}]}",
            ResultError.class);
    assertEquals(0xC037010E, e.error());
    assertEquals(14, e.errorEvents().get(0).eventId());
  }

  @Test
  void read_exitStatusesUseLongForDwordExitCodes() {
    ProcessStatus s =
        HcsJson.read(
            "{\"ProcessId\":1,\"Exited\":true,\"ExitCode\":3221225786,\"LastWaitResult\":0}",
            ProcessStatus.class);
    assertEquals(3221225786L, s.exitCode());
    SystemExitStatus x =
        HcsJson.read("{\"Status\":0,\"ExitType\":\"GracefulExit\"}", SystemExitStatus.class);
    assertEquals("GracefulExit", x.exitType());
  }

  @Test
  void read_badJson_namesTheTypeInAnInternalError() {
    InternalException e =
        assertThrows(InternalException.class, () -> HcsJson.read("{", Properties.class));
    assertTrue(e.getMessage().startsWith("cannot read Properties from HCS JSON"), e.getMessage());
    assertThrows(InternalException.class, () -> HcsJson.read(null, Properties.class));
  }

  @Test
  void computeSystem_holdsExactlyOneKind() {
    Container c = new Container(null, null, null, null, null, null, null, null, null, null);
    assertThrows(
        InvalidArgumentException.class,
        () -> new ComputeSystem("coracle", SchemaVersion.HCS, null, null, null, null, false));
    assertThrows(
        InvalidArgumentException.class,
        () ->
            new ComputeSystem(
                "coracle",
                SchemaVersion.HCS,
                null,
                null,
                c,
                new VirtualMachine(true, null, null, null, null),
                false));
    assertThrows(
        InvalidArgumentException.class,
        () ->
            new ComputeSystem(
                "coracle",
                SchemaVersion.HCS,
                null,
                new HostedSystem(SchemaVersion.HCS, c),
                null,
                null,
                false));
  }

  @Test
  void modifySettingRequest_settingsMayBeANumberOrAMap() {
    assertEquals(
        "{\"ResourcePath\":\"Container/Memory/SizeInMB\",\"RequestType\":\"Update\",\"Settings\":0}",
        HcsJson.write(
            new ModifySettingRequest(
                "Container/Memory/SizeInMB", ModifySettingRequest.UPDATE, 0L, null)));
    assertEquals(
        "{\"RequestType\":\"Add\",\"Settings\":{\"k\":\"v\"}}",
        HcsJson.write(
            new ModifySettingRequest(null, ModifySettingRequest.ADD, Map.of("k", "v"), null)));
  }
}
