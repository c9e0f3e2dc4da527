package dev.coracle.hcs.compute;

/** Small schema v2 documents for the wrapper's tests; the backend's own tests hold the real ones. */
final class Documents {

  private Documents() {
  }

  /** A process-isolated container over one base layer at {@code layerPath}. */
  static String container(String layerPath) {
    return """
        {"Owner":"coracle","SchemaVersion":{"Major":2,"Minor":1},"ShouldTerminateOnLastHandleClosed":true,
         "Container":{"Storage":{"Path":"\\\\\\\\?\\\\Volume{4f6c0a52-1111-4222-8333-944455556666}\\\\",
           "Layers":[{"Id":"8b2f5a8e-0000-4000-8000-000000000001","Path":"%s"}]}}}""".formatted(layerPath);
  }

  static String container() {
    return container("C:\\\\coracle\\\\layers\\\\base");
  }

  static String utilityVm() {
    return """
        {"Owner":"coracle","SchemaVersion":{"Major":2,"Minor":1},"ShouldTerminateOnLastHandleClosed":true,
         "VirtualMachine":{"StopOnReset":true,"GuestConnection":{}}}""";
  }

  static String hostedContainer(String uvmId) {
    return """
        {"Owner":"coracle","SchemaVersion":{"Major":2,"Minor":1},"HostingSystemId":"%s",
         "ShouldTerminateOnLastHandleClosed":true,
         "HostedSystem":{"SchemaVersion":{"Major":2,"Minor":1},"Container":{}}}""".formatted(uvmId);
  }

  static String process(String commandLine, boolean stdin, boolean stdout, boolean stderr) {
    return """
        {"CommandLine":"%s","WorkingDirectory":"C:\\\\","User":"ContainerUser",
         "CreateStdInPipe":%s,"CreateStdOutPipe":%s,"CreateStdErrPipe":%s}""".formatted(
        commandLine.replace("\\", "\\\\").replace("\"", "\\\""), stdin, stdout, stderr);
  }
}
