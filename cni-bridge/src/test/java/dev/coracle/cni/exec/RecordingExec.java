package dev.coracle.cni.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** A PluginExec that records every call and answers as told per "COMMAND type". */
final class RecordingExec implements PluginExec {

  record Call(String command, String type, Map<String, String> env, ObjectNode stdin) {
    String label() {
      return command + " " + type;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  final List<Call> calls = new ArrayList<>();
  private final Map<String, Completed> answers = new HashMap<>();

  RecordingExec answer(String label, int exit, String stdout) {
    answers.put(label, new Completed(exit, bytes(stdout), new byte[0]));
    return this;
  }

  RecordingExec answer(String label, int exit, String stdout, String stderr) {
    answers.put(label, new Completed(exit, bytes(stdout), bytes(stderr)));
    return this;
  }

  List<String> labels() {
    return calls.stream().map(Call::label).toList();
  }

  @Override
  public Completed run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout)
      throws IOException, TimeoutException {
    String type = binary.getFileName().toString();
    calls.add(new Call(env.get("CNI_COMMAND"), type, env, (ObjectNode) JSON.readTree(stdin)));
    Completed answer = answers.get(env.get("CNI_COMMAND") + " " + type);
    if (answer == null) {
      return new Completed(0, new byte[0], new byte[0]);
    }
    if (answer.exitCode() == -1) {
      throw new TimeoutException("killed");
    }
    return answer;
  }

  private static byte[] bytes(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
