package dev.coracle.hcs.backend;

import static dev.coracle.hcs.backend.WindowsNodeFixture.OLD;
import static dev.coracle.hcs.backend.WindowsNodeFixture.SERVERCORE;
import static dev.coracle.hcs.backend.WindowsNodeFixture.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coracle.core.backend.ContainerUsage;
import dev.coracle.core.backend.PodUsage;
import dev.coracle.core.container.ContainerRecord;
import dev.coracle.core.container.ContainerState;
import dev.coracle.core.container.WindowsContainerOptions;
import dev.coracle.core.container.WindowsResources;
import dev.coracle.core.error.AlreadyExistsException;
import dev.coracle.core.error.DeadlineExceededException;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.error.UnavailableException;
import dev.coracle.core.monitor.ExecResult;
import dev.coracle.core.sandbox.SandboxConfig;
import dev.coracle.core.sandbox.SandboxState;
import dev.coracle.core.sandbox.WindowsPodOptions;
import dev.coracle.hcs.compute.HResult;
import dev.coracle.hcs.fake.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Windows backend end to end on the recording fake of HCS, HCN and the storage calls. */
class HcsBackendTest {

  private static final String GMSA = """
      {"CmsPlugins":["ActiveDirectory"],"DomainJoinConfig":{"Sid":"S-1-5-21-1","MachineAccountName":"web",
      "Guid":"2c3a1f50-0000-0000-0000-000000000001","DnsTreeName":"contoso.com","DnsName":"contoso.com",
      "NetBiosName":"CONTOSO"},"ActiveDirectoryConfig":{"GroupManagedServiceAccounts":[{"Name":"web",
      "Scope":"contoso.com"}]}}""";

  @TempDir
  Path dir;

  private WindowsNodeFixture node;

  @BeforeEach
  void setUp() throws IOException {
    node = new WindowsNodeFixture(dir);
  }

  @AfterEach
  void tearDown() {
    node.close();
    node.windows.assertNoOpenHandles();
    node.windows.assertNoViolations();
    node.jobs.assertNoOpenHandles();
    node.jobs.assertNoViolations();
  }

  @Test
  void runSandbox_processIsolation_makesNamespaceAttachesByGuidAndStartsPause() {
    String id = node.backend.runSandbox(node.pod("web", ""));

    HcsPod pod = record(id);
    assertEquals(dev.coracle.hcs.document.Isolation.PROCESS, pod.isolation());
    assertEquals("runhcs-wcow-process", pod.sandbox().runtimeHandler());
    assertTrue(node.windows.namespaces().contains(pod.namespaceId()), node.windows.namespaces().toString());
    assertEquals(pod.namespaceId(), node.network.attached.get(0).netns().toString());
    assertEquals(List.of("198.18.7.2"), pod.sandbox().ips());
    JsonNode doc = created(id);
    assertEquals(pod.namespaceId(), doc.path("Container").path("Networking").path("Namespace").asText());
    assertFalse(doc.path("ShouldTerminateOnLastHandleClosed").asBoolean(true));
    assertEquals("RUNNING", node.windows.systemState(id));
    assertEquals(List.of(WindowsNodeFixture.PAUSE), node.images.ensured);

    node.backend.stopSandbox(id);
    assertEquals(SandboxState.NOTREADY, node.backend.sandbox(id).orElseThrow().state());
    node.backend.removeSandbox(id);
    assertTrue(node.backend.sandbox(id).isEmpty());
    assertFalse(node.windows.namespaces().contains(pod.namespaceId()));
    assertEquals(2, node.network.detached.size(), "detached at stop and again at removal");
  }

  @Test
  void runSandbox_retriedWithTheSameConfig_getsTheSameId_anotherConfigIsAlreadyExists() {
    SandboxConfig config = node.pod("web", "");
    String id = node.backend.runSandbox(config);
    assertEquals(id, node.backend.runSandbox(config));
    SandboxConfig other = node.pod("web", "").withRuntimeHandler("runhcs-wcow-hypervisor");
    assertThrows(AlreadyExistsException.class, () -> node.backend.runSandbox(other));
    node.backend.removeSandbox(id);
  }

  @Test
  void runSandbox_unknownHandler_isInvalidArgument_andMakesNothing() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> node.backend.runSandbox(node.pod("web", "runc")));
    assertTrue(e.getMessage().contains("runhcs-wcow-process"), e.getMessage());
    assertTrue(node.windows.namespaces().isEmpty());
    assertTrue(node.windows.calls("HcsCreateComputeSystem").isEmpty());
  }

  @Test
  void runSandbox_networkPluginFails_deletesTheNamespace_andLeavesNoPod() {
    node.network.failAttach = new UnavailableException("plugin win-bridge failed: no HNS network \"nat\"");
    assertThrows(UnavailableException.class, () -> node.backend.runSandbox(node.pod("web", "")));
    assertTrue(node.windows.namespaces().isEmpty());
    assertTrue(node.backend.sandboxes().isEmpty());
    node.network.failAttach = null;
    String id = node.backend.runSandbox(node.pod("web", ""));
    node.backend.removeSandbox(id);
  }

  @Test
  void runSandbox_pauseContainerFailsToStart_rollsBackEverything() {
    node.windows.failNext("HcsStartComputeSystem", 0x80370106, null);
    assertThrows(RuntimeException.class, () -> node.backend.runSandbox(node.pod("web", "")));
    assertTrue(node.windows.namespaces().isEmpty());
    assertEquals(1, node.network.detached.size());
    assertTrue(node.backend.sandboxes().isEmpty());
    assertEquals(1, node.windows.calls("DestroyLayer").size(), "the pause scratch is destroyed");
  }

  @Test
  void hyperV_pod_bootsUtilityVmWithTheNamespace_andHostsItsContainers() {
    String pod = node.backend.runSandbox(node.pod("web", "runhcs-wcow-hypervisor"));
    JsonNode vm = created(pod);
    assertTrue(vm.has("VirtualMachine"), vm.toString());
    assertTrue(vm.path("VirtualMachine").path("Devices").path("Scsi").toString().contains("sandbox.vhdx"));
    assertEquals(1, node.windows.calls("HcsGrantVmAccess").size());
    assertTrue(modifications().stream().anyMatch(m -> m.path("GuestRequest").path("ResourceType").asText()
        .equals("NetworkNamespace")), "the namespace is added to the VM");

    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of()));
    JsonNode hosted = created(id);
    assertEquals(pod, hosted.path("HostingSystemId").asText());
    JsonNode storage = hosted.path("HostedSystem").path("Container").path("Storage");
    assertTrue(storage.path("Layers").get(0).path("Path").asText().startsWith("\\\\?\\VMSMB\\"), storage.toString());
    List<String> guestRequests = modifications().stream().map(m -> m.path("GuestRequest").path("ResourceType").asText())
        .toList();
    assertTrue(guestRequests.contains("MappedVirtualDisk"), guestRequests.toString());
    assertTrue(guestRequests.contains("CombinedLayers"), guestRequests.toString());

    node.backend.removeContainer(id);
    List<String> undone = modifications().stream().filter(m -> m.path("RequestType").asText().equals("Remove")
        || m.path("GuestRequest").path("RequestType").asText().equals("Remove"))
        .map(m -> m.path("ResourcePath").asText() + m.path("GuestRequest").path("ResourceType").asText()).toList();
    assertEquals(List.of("CombinedLayers", "VirtualMachine/Devices/Scsi/0/Attachments/1MappedVirtualDisk",
        "VirtualMachine/Devices/VirtualSmb/Shares", "VirtualMachine/Devices/VirtualSmb/Shares"), undone,
        "a removed container's layers, scratch and shares leave the VM, last first");

    node.backend.removeSandbox(pod);
    assertNull(node.windows.systemState(pod));
  }

  @Test
  void hyperV_containerCreateFailsHalfWay_takesItsSharesAndDiskBackOutOfTheVm() {
    String pod = node.backend.runSandbox(node.pod("web", "runhcs-wcow-hypervisor"));
    node.windows.failNext("HcsCreateComputeSystem", 0x8037010D, "{\"Error\":-2144862963,\"ErrorMessage\":\"invalid JSON\"}");
    assertThrows(RuntimeException.class, () -> node.backend.createContainer(pod, container("app", SERVERCORE, List.of())));
    List<String> undone = modifications().stream().filter(m -> m.path("RequestType").asText().equals("Remove")
        || m.path("GuestRequest").path("RequestType").asText().equals("Remove"))
        .map(m -> m.path("ResourcePath").asText() + m.path("GuestRequest").path("ResourceType").asText()
            + m.path("Settings").path("Name").asText()).toList();
    String share = undone.isEmpty() ? "" : undone.getLast().replaceAll(".*Shares(\\w{12})-l0", "$1");
    assertEquals(List.of("CombinedLayers", "VirtualMachine/Devices/Scsi/0/Attachments/1MappedVirtualDisk",
        "VirtualMachine/Devices/VirtualSmb/Shares" + share + "-l1", "VirtualMachine/Devices/VirtualSmb/Shares" + share
        + "-l0"), undone, "every share and the disk added for the failed container leave the VM, last first");
    assertTrue(node.backend.containers().isEmpty());
    node.backend.removeSandbox(pod);
  }

  @Test
  void createContainer_processIsolation_scratchOverTheLayers_mountsResourcesAndNamespace() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of(),
        WindowsNodeFixture.resources(2500L, 512L << 20)));

    JsonNode doc = created(id).path("Container");
    assertTrue(doc.path("Storage").path("Path").asText().startsWith("\\\\?\\Volume{"), doc.toString());
    assertEquals(2, doc.path("Storage").path("Layers").size());
    assertEquals(512, doc.path("Memory").path("SizeInMB").asInt());
    assertEquals(2500, doc.path("Processor").path("Maximum").asInt());
    assertEquals(record(pod).namespaceId(), doc.path("Networking").path("Namespace").asText());
    assertEquals(ContainerState.CREATED, node.backend.container(id).state());

    node.backend.removeContainer(id);
    assertNull(node.windows.systemState(id));
    node.backend.removeSandbox(pod);
  }

  @Test
  void startContainer_runsTheImagesCommand_writesTheCriLog_andRecordsTheExit() throws IOException {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of()));
    node.backend.startContainer(id);

    awaitState(id, ContainerState.EXITED);
    ContainerRecord record = node.backend.container(id);
    assertEquals(0, record.status().exitCode());
    assertEquals("Completed", record.status().reason());
    String logLine = await(() -> read(Path.of(record.logPath())).contains("hello"), record.logPath());
    assertTrue(logLine.matches("(?s)\\d{4}-\\d\\d-\\d\\dT[^ ]+ stdout F hello\\R?"), logLine);
    JsonNode process = node.windows.calls("HcsCreateProcess").getLast().args().stream()
        .filter(a -> a instanceof JsonNode).map(a -> (JsonNode) a).findFirst().orElseThrow();
    assertEquals("cmd /c echo hello", process.path("CommandLine").asText(), "ArgsEscaped: the image's line verbatim");
    assertEquals("hi", process.path("Environment").path("GREETING").asText());
    node.backend.removeSandbox(pod);
  }

  @Test
  void createContainer_olderImageUnderProcessIsolation_isRefusedNamingBuildsAndTheHandlerThatWorks() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> node.backend.createContainer(pod, container("app", OLD, List.of())));
    assertTrue(e.getMessage().contains("17763") && e.getMessage().contains("20348"), e.getMessage());
    assertTrue(e.getMessage().contains("runhcs-wcow-hypervisor"), e.getMessage());
    assertTrue(node.windows.calls("HcsCreateComputeSystem").stream().noneMatch(c -> !c.args().isEmpty()
        && c.args().get(0).toString().contains("app")));

    String hyperV = node.backend.runSandbox(node.pod("legacy", "runhcs-wcow-hypervisor"));
    String id = node.backend.createContainer(hyperV, container("app", OLD, List.of()));
    assertEquals(ContainerState.CREATED, node.backend.container(id).state());
    node.backend.removeSandbox(hyperV);
    node.backend.removeSandbox(pod);
  }

  @Test
  void createContainer_hcsFailsHalfWay_leavesNothing_andTheNameIsFreeAgain() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    node.windows.failNext("HcsCreateComputeSystem", 0xC0370101, """
        {"Error":-1070137087,"ErrorMessage":"The container operating system does not match the host operating system."}""");
    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> node.backend.createContainer(pod, container("app", SERVERCORE, List.of())));
    assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
    assertTrue(node.backend.containers().isEmpty());
    assertEquals(2, node.windows.calls("ActivateLayer").size(), "the pause container's scratch and the container's");
    assertEquals(1, node.windows.calls("DeactivateLayer").size(), "the container's scratch is unmounted again");
    assertEquals(1, node.windows.calls("DestroyLayer").size(), "and destroyed");
    try (var left = Files.list(dir.resolve("state").resolve("containers"))) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.equals("records")).toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of()));
    node.backend.removeSandbox(pod);
    assertTrue(node.backend.containers().isEmpty(), id);
  }

  @Test
  void stopContainer_asksWithCtrlShutdown_thenTerminatesAfterTheTimeout() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String polite = node.backend.createContainer(pod, container("polite", SERVERCORE, List.of("ping", "-t", "localhost")));
    node.backend.startContainer(polite);
    node.backend.stopContainer(polite, Duration.ofSeconds(10));
    awaitState(polite, ContainerState.EXITED);
    assertTrue(node.windows.calls("HcsSignalProcess").stream().anyMatch(c -> c.toString().contains("CtrlShutdown")),
        node.windows.calls("HcsSignalProcess").toString());

    node.windows.onCommand(line -> line.contains("stubborn"), process -> {
      Thread.sleep(Long.MAX_VALUE);
      return 0;
    });
    String stubborn = node.backend.createContainer(pod, container("stubborn", SERVERCORE, List.of("stubborn.exe")));
    node.backend.startContainer(stubborn);
    node.backend.stopContainer(stubborn, Duration.ofMillis(300));
    assertEquals(ContainerState.EXITED, node.backend.container(stubborn).state());
    assertFalse(node.windows.calls("HcsTerminateProcess").isEmpty());
    node.backend.removeSandbox(pod);
  }

  @Test
  void containerExit_outputWrittenRightBeforeIt_isWholeInTheLogOnceExited() throws IOException {
    node.windows.onCommand(line -> line.contains("chatty"), process -> {
      var out = process.stdout();
      for (int i = 0; i < 2000; i++) {
        out.write(("line " + i + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      out.flush();
      return 0;
    });
    String pod = node.backend.runSandbox(node.pod("chatty", ""));
    String id = node.backend.createContainer(pod, container("chatty", SERVERCORE, List.of("chatty.exe")));
    node.backend.startContainer(id);
    awaitState(id, ContainerState.EXITED);

    List<String> lines = Files.readAllLines(dir.resolve("logs").resolve("chatty").resolve("chatty.log"));
    assertEquals(2000, lines.size());
    assertTrue(lines.get(1999).endsWith(" stdout F line 1999"), lines.get(1999));
    node.backend.removeSandbox(pod);
  }

  @Test
  void execSync_capturesOutputAndExitCode_andTimesOutWithDeadlineExceeded() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of("ping", "-t", "localhost")));
    node.backend.startContainer(id);

    ExecResult hello = node.backend.execSync(id, List.of("cmd", "/c", "echo", "probe-ok"), Duration.ofSeconds(10));
    assertEquals(0, hello.exitCode());
    assertEquals("probe-ok", new String(hello.stdout()).strip());
    assertEquals(3, node.backend.execSync(id, List.of("cmd", "/c", "exit", "3"), Duration.ofSeconds(10)).exitCode());
    assertThrows(DeadlineExceededException.class,
        () -> node.backend.execSync(id, List.of("waitfor", "forever"), Duration.ofMillis(300)));
    node.backend.removeSandbox(pod);
  }

  @Test
  void stats_comeFromHcsStatistics_withARateFromTheSecondSample() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of("ping", "-t", "localhost")));
    node.backend.startContainer(id);

    ContainerUsage first = node.backend.containerStats(id);
    assertNull(first.cpuUsageNanoCores());
    assertTrue(first.memoryWorkingSetBytes() > 0, first.toString());
    ContainerUsage second = node.backend.containerStats(id);
    assertNotNull(second.cpuUsageNanoCores());
    assertTrue(second.cpuUsageCoreNanos() >= first.cpuUsageCoreNanos());
    PodUsage usage = node.backend.sandboxStats(pod);
    assertEquals(1, usage.containers().size());
    assertTrue(usage.memoryWorkingSetBytes() >= second.memoryWorkingSetBytes());
    node.backend.removeSandbox(pod);
  }

  @Test
  void updateContainerResources_sendsModifyRequestsForMemoryAndCpu() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of("ping", "-t", "localhost")));
    node.backend.startContainer(id);
    node.backend.updateContainerResources(id, null, new WindowsResources(null, null, 5000L, 1L << 30, null, List.of()));

    List<String> paths = modifications().stream().map(m -> m.path("ResourcePath").asText()).toList();
    assertEquals(List.of("Container/Memory/SizeInMB", "Container/Processor"), paths);
    WindowsResources now = node.backend.container(id).config().windows().resources();
    assertEquals(5000L, now.cpuMaximum(), "the status reports the limits in force");
    assertEquals(1L << 30, now.memoryLimitBytes());
    node.backend.removeSandbox(pod);
  }

  @Test
  void gmsa_addsAnInstanceBeforeCreate_putsItInTheDocument_andRemovesItWithTheContainer() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of(),
        new WindowsContainerOptions(WindowsResources.NONE, "", GMSA, false)));
    assertTrue(created(id).path("Container").has("ContainerCredentialGuard"), created(id).toString());
    node.backend.removeContainer(id);
    List<Call> settings = node.windows.calls("HcsModifyServiceSettings");
    assertTrue(settings.getFirst().toString().contains("AddInstance"), settings.toString());
    assertTrue(settings.getLast().toString().contains("RemoveInstance"), settings.toString());
    node.backend.removeSandbox(pod);
  }

  @Test
  void hostProcessPod_underHyperV_orWithoutHostNetwork_isInvalidArgument() {
    SandboxConfig base = node.pod("hpc", "runhcs-wcow-hypervisor");
    SandboxConfig hostProcess = new SandboxConfig(base.name(), base.namespace(), base.uid(), 0, "", base.dns(),
        base.labels(), base.annotations(), "", true, false, false, false, base.sysctls(), base.runtimeHandler(), "",
        List.of(), base.resources(), base.security(), "", new WindowsPodOptions("", "", true));
    assertThrows(InvalidArgumentException.class, () -> node.backend.runSandbox(hostProcess));
    assertTrue(node.windows.namespaces().isEmpty());
  }

  @Test
  void hostProcessPod_runsItsContainersAsJobsOnTheHost_withNoNamespaceNoCniAndNoComputeSystem() {
    SandboxConfig hostProcess = hostProcessPod("hpc", "");
    String pod = node.backend.runSandbox(hostProcess);
    assertTrue(node.windows.namespaces().isEmpty());
    assertTrue(node.network.attached.isEmpty());
    InvalidArgumentException mixed = assertThrows(InvalidArgumentException.class,
        () -> node.backend.createContainer(pod, container("plain", SERVERCORE, List.of())));
    assertTrue(mixed.getMessage().contains("host_process"), mixed.getMessage());

    String id = node.backend.createContainer(pod, container("agent", SERVERCORE, List.of("cmd", "/c", "exit", "7"),
        new WindowsContainerOptions(WindowsResources.NONE, "NT AUTHORITY\\SYSTEM", "", true)));
    node.backend.startContainer(id);
    awaitState(id, ContainerState.EXITED);
    assertEquals(7, node.backend.container(id).status().exitCode());

    String talker = node.backend.createContainer(pod, container("talker", SERVERCORE, List.of("cmd", "/c", "echo",
        "from-the-host"), new WindowsContainerOptions(WindowsResources.NONE, "", "", true)));
    node.backend.startContainer(talker);
    awaitState(talker, ContainerState.EXITED);
    String log = node.backend.container(talker).logPath();
    await(() -> read(Path.of(log)).contains("from-the-host"), log);
    assertTrue(read(Path.of(log)).contains(" stdout F from-the-host"), read(Path.of(log)));
    assertTrue(node.windows.calls("HcsCreateComputeSystem").isEmpty(), "no HCS system for a HostProcess pod");
    assertTrue(node.jobs.job("JobContainer_" + id).isPresent() || !node.jobs.calls("CreateJobObjectW").isEmpty());
    node.backend.removeSandbox(pod);
  }

  private SandboxConfig hostProcessPod(String name, String handler) {
    SandboxConfig base = node.pod(name, handler);
    return new SandboxConfig(base.name(), base.namespace(), base.uid(), 0, "", base.dns(), base.labels(),
        base.annotations(), "", true, false, false, false, base.sysctls(), base.runtimeHandler(), base.logDirectory(),
        List.of(), base.resources(), base.security(), "", new WindowsPodOptions("", "", true));
  }

  @Test
  void restart_recoversPodsAndContainers_runningOnesKeepRunning_andAnExitAfterwardsIsRecorded() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of("ping", "-t", "localhost")));
    node.backend.startContainer(id);
    long pid = node.backend.container(id).status().pid();

    HcsBackend next = node.restart();
    assertEquals(SandboxState.READY, next.sandbox(pod).orElseThrow().state());
    assertEquals(ContainerState.RUNNING, next.container(id).state());
    assertEquals(pid, next.container(id).status().pid());
    assertEquals("RUNNING", node.windows.systemState(id), "the daemon's restart did not touch the container");

    next.stopContainer(id, Duration.ofSeconds(5));
    awaitState(id, ContainerState.EXITED);
    next.removeSandbox(pod);
  }

  @Test
  void open_terminatesComputeSystemsItOwnsButHasNoRecordOf() {
    String pod = node.backend.runSandbox(node.pod("web", ""));
    String id = node.backend.createContainer(pod, container("app", SERVERCORE, List.of()));
    node.backend.close();
    Dirs.deleteTree(dir.resolve("state").resolve("containers").resolve("records"));
    node.backend = node.open();
    assertNull(node.windows.systemState(id), "the orphan is terminated");
    assertEquals("RUNNING", node.windows.systemState(pod));
    node.backend.removeSandbox(pod);
  }

  private HcsPod record(String podId) {
    HcsPod[] found = new HcsPod[1];
    node.backend.sandbox(podId).orElseThrow();
    try (var files = Files.list(dir.resolve("state").resolve("pods").resolve("records"))) {
      files.forEach(f -> {
        try {
          HcsPod p = new com.fasterxml.jackson.databind.ObjectMapper()
              .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(f.toFile(), HcsPod.class);
          if (p.id().equals(podId)) {
            found[0] = p;
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found[0];
  }

  private JsonNode created(String systemId) {
    return node.windows.calls("HcsCreateComputeSystem").stream()
        .filter(c -> systemId.equals(String.valueOf(c.args().get(0))))
        .map(c -> c.args().stream().filter(a -> a instanceof JsonNode).map(a -> (JsonNode) a).findFirst().orElseThrow())
        .findFirst().orElseThrow(() -> new AssertionError("no HcsCreateComputeSystem of " + systemId + " in "
            + node.windows.calls("HcsCreateComputeSystem")));
  }

  /** Every HcsModifyComputeSystem document, in call order (the tests that read them have one system modified). */
  private List<JsonNode> modifications() {
    return node.windows.calls("HcsModifyComputeSystem").stream()
        .map(c -> c.args().stream().filter(a -> a instanceof JsonNode).map(a -> (JsonNode) a).findFirst().orElseThrow())
        .toList();
  }

  private void awaitState(String id, ContainerState state) {
    await(() -> node.backend.container(id).state() == state, "container " + id + " " + state);
  }

  private static String await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return what.contains("/") ? read(Path.of(what)) : what;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
