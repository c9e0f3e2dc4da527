package dev.coracle.hcs.document;

import static dev.coracle.hcs.document.Fixtures.ADAPTER;
import static dev.coracle.hcs.document.Fixtures.BASE;
import static dev.coracle.hcs.document.Fixtures.ENDPOINT;
import static dev.coracle.hcs.document.Fixtures.MAC;
import static dev.coracle.hcs.document.Fixtures.NAMESPACE;
import static dev.coracle.hcs.document.Fixtures.TOP;
import static dev.coracle.hcs.document.Fixtures.cpu;
import static dev.coracle.hcs.document.Fixtures.vsmb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coracle.hcs.schema.ContainerCredentialGuardHvSocketServiceConfig;
import dev.coracle.hcs.schema.ContainerCredentialGuardInstance;
import dev.coracle.hcs.schema.HcsJson;
import dev.coracle.hcs.schema.HostComputeEndpoint;
import dev.coracle.hcs.schema.HostComputeNamespace;
import dev.coracle.hcs.schema.HvSocketServiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document the builders make for the matrix of inputs, compared as a JSON tree with a golden
 * file written by hand from WINDOWS.md ({@code golden/README.md} says which section each file
 * checks).
 */
class GoldenDocumentsTest {

  static Stream<Arguments> documents() {
    Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
    processIsolation(cases);
    hyperV(cases);
    processes(cases);
    updates(cases);
    credentialGuard(cases);
    namespaces(cases);
    return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static void processIsolation(Map<String, Supplier<Object>> cases) {
    cases.put("process-plain", () -> ContainerDocuments.processContainer(Fixtures.process(null)));
    cases.put(
        "process-mounts",
        () ->
            ContainerDocuments.processContainer(
                Fixtures.process(
                    List.of(
                        new MountInput("C:\\data", "C:\\data", true),
                        new MountInput("C:\\var\\logs\\web-0", "D:\\logs", false),
                        new MountInput(
                            "\\\\.\\pipe\\docker_engine", "\\\\.\\pipe\\docker_engine", false),
                        new MountInput("C:\\config", "/etc/config", true)),
                    null)));
    cases.put(
        "process-cpu-maximum",
        () ->
            ContainerDocuments.processContainer(
                Fixtures.process(
                    new WindowsResourcesInput(null, null, 2500L, 512L * 1024 * 1024 + 1000))));
    cases.put(
        "process-cpu-count",
        () -> ContainerDocuments.processContainer(Fixtures.process(cpu(null, 2L, null))));
    cases.put(
        "process-cpu-count-clamped",
        () -> ContainerDocuments.processContainer(Fixtures.process(cpu(null, 16L, null))));
    cases.put(
        "process-cpu-shares",
        () -> ContainerDocuments.processContainer(Fixtures.process(cpu(5000L, null, null))));
    cases.put(
        "process-gmsa",
        () ->
            ContainerDocuments.processContainer(
                Fixtures.withCredentialGuard(Fixtures.process(null), Fixtures.CREDENTIAL_GUARD)));
    cases.put("hostprocess-job-limits", GoldenDocumentsTest::jobLimits);
    cases.put("system-query-owned", ContainerDocuments::ownedSystems);
  }

  private static Object jobLimits() {
    Map<String, JobLimits> out = new LinkedHashMap<>();
    out.put("count 2 of 4 host CPUs", JobLimits.from(cpu(null, 2L, null), 4));
    out.put("count 8 of 4 host CPUs, clamped", JobLimits.from(cpu(null, 8L, null), 4));
    out.put("count 1 of 64 host CPUs", JobLimits.from(cpu(null, 1L, null), 64));
    out.put("maximum 2500", JobLimits.from(cpu(null, null, 2500L), 4));
    out.put("shares 5000", JobLimits.from(cpu(5000L, null, null), 4));
    out.put("shares 10000", JobLimits.from(cpu(10000L, null, null), 4));
    out.put("shares 1", JobLimits.from(cpu(1L, null, null), 4));
    out.put(
        "count wins over maximum and shares, with 512 MiB",
        JobLimits.from(new WindowsResourcesInput(300L, 1L, 5000L, 512L * 1024 * 1024), 4));
    out.put("nothing set", JobLimits.from(WindowsResourcesInput.NONE, 4));
    return out;
  }

  private static void hyperV(Map<String, Supplier<Object>> cases) {
    String scratch = "C:\\coracle\\pods\\pod1\\vm\\sandbox.vhdx";
    String base = "C:\\coracle\\layers\\base";
    cases.put(
        "uvm",
        () ->
            ContainerDocuments.utilityVm(
                new UtilityVmInput("uvm-pod1", scratch, base, Map.of(), 4)));
    cases.put(
        "uvm-annotations",
        () ->
            ContainerDocuments.utilityVm(
                new UtilityVmInput(
                    "uvm-pod1",
                    scratch,
                    base + "\\",
                    Map.of(
                        UvmTopology.MEMORY_ANNOTATION, "3001",
                        UvmTopology.PROCESSORS_ANNOTATION, "8"),
                    4)));
    cases.put(
        "uvm-one-cpu-host",
        () ->
            ContainerDocuments.utilityVm(
                new UtilityVmInput("uvm-pod1", scratch, base, Map.of(), 1)));
    cases.put(
        "hosted-container",
        () ->
            ContainerDocuments.hostedContainer(
                "uvm-pod1",
                new ContainerInput(
                    "c1",
                    "web-0",
                    List.of(
                        new LayerRef(TOP.id(), vsmb("s1")), new LayerRef(BASE.id(), vsmb("s2"))),
                    "C:\\mounts\\scsi\\m1",
                    List.of(new MountInput(vsmb("m1"), "C:\\data", true)),
                    NAMESPACE,
                    new WindowsResourcesInput(null, 4L, null, 256L * 1024 * 1024),
                    2,
                    null)));
    cases.put(
        "hosted-container-scaled-maximum",
        () ->
            ContainerDocuments.hostedContainer(
                "uvm-pod1",
                new ContainerInput(
                    "c2",
                    null,
                    List.of(new LayerRef(BASE.id(), vsmb("s2"))),
                    "C:\\mounts\\scsi\\m1",
                    null,
                    null,
                    cpu(null, null, 2500L),
                    2,
                    null),
                4));
    cases.put("uvm-vsmb-share-layer", () -> ContainerDocuments.vsmbShare("s1", TOP.path(), true));
    cases.put(
        "uvm-vsmb-share-read-write",
        () -> ContainerDocuments.vsmbShare("m2", "C:\\var\\logs\\web-0", false));
    cases.put(
        "uvm-scsi-scratch",
        () ->
            ContainerDocuments.scsiScratch(
                0, 1, "C:\\coracle\\containers\\c1\\sandbox.vhdx", "C:\\mounts\\scsi\\m1"));
    cases.put(
        "uvm-combined-layers",
        () ->
            ContainerDocuments.combinedLayers(
                "C:\\mounts\\scsi\\m1",
                List.of(new LayerRef(TOP.id(), vsmb("s1")), new LayerRef(BASE.id(), vsmb("s2")))));
    cases.put(
        "uvm-network-namespace",
        () ->
            ContainerDocuments.networkNamespace(
                HcsJson.read(
                    resource("hcn/namespace-properties.json"), HostComputeNamespace.class)));
    cases.put(
        "uvm-network-pre-add",
        () ->
            ContainerDocuments.networkAdapterPreAdd(
                ADAPTER,
                HcsJson.read(resource("hcn/endpoint-properties.json"), HostComputeEndpoint.class)));
    cases.put(
        "uvm-network-adapter", () -> ContainerDocuments.networkAdapter(ADAPTER, ENDPOINT, MAC));
    cases.put("uvm-vsmb-share-remove", () -> ContainerDocuments.vsmbShareRemove("s1", TOP.path()));
    cases.put(
        "uvm-scsi-scratch-remove",
        () -> ContainerDocuments.scsiScratchRemove(0, 1, "C:\\mounts\\scsi\\m1"));
    cases.put(
        "uvm-combined-layers-remove",
        () -> ContainerDocuments.combinedLayersRemove("C:\\mounts\\scsi\\m1"));
    cases.put(
        "uvm-network-namespace-remove",
        () ->
            ContainerDocuments.networkNamespaceRemove(
                HcsJson.read(
                    resource("hcn/namespace-properties.json"), HostComputeNamespace.class)));
    cases.put(
        "uvm-network-adapter-remove",
        () -> ContainerDocuments.networkAdapterRemove(ADAPTER, ENDPOINT));
  }

  private static void processes(Map<String, Supplier<Object>> cases) {
    cases.put(
        "process-params-no-tty",
        () ->
            ProcessDocuments.process(
                new ProcessInput(
                    List.of("C:\\app\\srv.exe", "--port", "80"),
                    false,
                    "C:\\app",
                    null,
                    List.of("PATH=C:\\Windows\\system32", "EMPTY=", "FOO=bar=baz"),
                    false,
                    true,
                    24,
                    80)));
    cases.put(
        "process-params-tty",
        () ->
            ProcessDocuments.process(
                new ProcessInput(
                    List.of("cmd.exe"),
                    false,
                    "",
                    "ContainerAdministrator",
                    List.of(),
                    true,
                    true,
                    24,
                    80)));
    cases.put(
        "process-params-quoting",
        () ->
            ProcessDocuments.process(
                new ProcessInput(
                    List.of(
                        "C:\\Program Files\\app\\app.exe",
                        "say \"hi\"",
                        "C:\\dir with space\\",
                        "a\\\\b",
                        "",
                        "tab\there",
                        "back\\\"slash"),
                    false,
                    null,
                    null,
                    List.of(),
                    false,
                    false,
                    0,
                    0)));
    cases.put(
        "process-params-args-escaped",
        () ->
            ProcessDocuments.process(
                new ProcessInput(
                    List.of("cmd /S /C \"echo hi\"", "extra arg"),
                    true,
                    null,
                    null,
                    null,
                    false,
                    false,
                    0,
                    0)));
    cases.put("signal-sigterm", () -> ProcessDocuments.signal("SIGTERM").orElseThrow());
    cases.put("signal-sigint", () -> ProcessDocuments.signal("SIGINT").orElseThrow());
    cases.put("stats-query", StatsReader::query);
    cases.put("process-modify-console-size", () -> ProcessDocuments.resizeConsole(40, 120));
    cases.put("process-modify-close-stdin", () -> ProcessDocuments.closeHandle("StdIn"));
  }

  private static void updates(Map<String, Supplier<Object>> cases) {
    cases.put(
        "update-container-memory",
        () -> ContainerDocuments.containerMemory(1000L * 1024 * 1024 + 1));
    cases.put(
        "update-container-processor",
        () -> ContainerDocuments.containerProcessor(cpu(100L, null, 5000L), 4).orElseThrow());
    cases.put("update-uvm-memory", () -> ContainerDocuments.uvmMemory(2047L * 1024 * 1024));
    cases.put(
        "update-mapped-directory",
        () -> ContainerDocuments.mappedDirectory(new MountInput("C:\\d", "\\d", false)));
  }

  private static void credentialGuard(Map<String, Supplier<Object>> cases) {
    cases.put(
        "gmsa-add-instance-process",
        () ->
            CredentialGuardDocuments.addInstance(
                "c1", Fixtures.CREDENTIAL_SPEC, Isolation.PROCESS));
    cases.put(
        "gmsa-add-instance-hyperv",
        () ->
            CredentialGuardDocuments.addInstance("c1", Fixtures.CREDENTIAL_SPEC, Isolation.HYPERV));
    cases.put("gmsa-remove-instance", () -> CredentialGuardDocuments.removeInstance("c1"));
    cases.put("gmsa-query", CredentialGuardDocuments::query);
    cases.put(
        "gmsa-hvsocket-service",
        () ->
            CredentialGuardDocuments.hvSocketService(
                new ContainerCredentialGuardInstance(
                    "c1",
                    null,
                    new ContainerCredentialGuardHvSocketServiceConfig(
                        "7b6b4a2e-2f3c-4d5e-9f60-718293a4b5c6",
                        new HvSocketServiceConfig(
                            "D:P(A;;FA;;;WD)", "D:P(A;;FA;;;SY)", null, null)))));
  }

  private static void namespaces(Map<String, Supplier<Object>> cases) {
    cases.put("namespace-create", NamespaceDocuments::createNamespace);
    cases.put("namespace-add-endpoint", () -> NamespaceDocuments.addEndpoint(ENDPOINT));
    cases.put("namespace-remove-endpoint", () -> NamespaceDocuments.removeEndpoint(ENDPOINT));
    cases.put("hcn-query-by-id", () -> NamespaceDocuments.byId(NAMESPACE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void document_matchesGolden(String name, Supplier<Object> build) {
    JsonNode expected = HcsJson.readTree(resource("golden/" + name + ".json"));
    // Parse what would be sent, so numbers compare as JSON numbers, not as Java int or long.
    JsonNode actual = HcsJson.readTree(HcsJson.write(build.get()));
    assertEquals(
        expected, actual, () -> name + " differs:\n" + pretty(expected) + "\n" + pretty(actual));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void document_readsBackIntoItsRecord(String name, Supplier<Object> build) {
    Object document = build.get();
    // The fake and the backend read these documents too; unknown-free, lossless both ways.
    Object read = HcsJson.read(HcsJson.write(document), document.getClass());
    assertEquals(
        HcsJson.readTree(HcsJson.write(document)), HcsJson.readTree(HcsJson.write(read)), name);
  }

  static String resource(String path) {
    try (InputStream in = GoldenDocumentsTest.class.getResourceAsStream("/" + path)) {
      assertNotNull(in, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(path, e);
    }
  }

  private static String pretty(JsonNode node) {
    return node.toPrettyString();
  }
}
