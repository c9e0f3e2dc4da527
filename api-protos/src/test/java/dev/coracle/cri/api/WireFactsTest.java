package dev.coracle.cri.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.coracle.cri.v1.CriProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every wire fact of CRI runtime.v1 (RPCs, fields, enum values) as the generated descriptors
 * carry it must equal the published facts table: a wrong number or type is silently dropped on
 * the wire, so nothing less than equality is safe.
 */
class WireFactsTest {

  private static final String PACKAGE = "runtime.v1.";

  @Test
  void generatedDescriptors_matchThePublishedFactsExactly() throws IOException {
    Path facts = Path.of(System.getProperty("cri.facts", "../../shared/cri-api/runtime-v1.facts.tsv"));
    assumeTrue(Files.isRegularFile(facts),
        "CRI wire facts not found at " + facts + " (they live in ../shared beside a project checkout);"
            + " the proto cannot be checked in this clone");

    List<String> expected = Files.readAllLines(facts).stream().filter(l -> !l.isBlank()).sorted().toList();
    List<String> actual = new ArrayList<>(factsOf(CriProto.getDescriptor()));

    TreeSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    TreeSet<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    assertEquals("", render(missing, extra), "wire facts differ from " + facts);
    assertEquals(expected, actual);
  }

  @Test
  void factCounts_areThoseOfTheApi() {
    TreeSet<String> facts = factsOf(CriProto.getDescriptor());
    assertEquals(41, facts.stream().filter(f -> f.startsWith("rpc\t")).count());
    assertEquals(463, facts.stream().filter(f -> f.startsWith("field\t")).count());
    assertEquals(95, facts.stream().filter(f -> f.startsWith("enum\t")).count());
  }

  private static String render(TreeSet<String> missing, TreeSet<String> extra) {
    StringBuilder out = new StringBuilder();
    missing.forEach(l -> out.append("missing: ").append(l).append('\n'));
    extra.forEach(l -> out.append("extra:   ").append(l).append('\n'));
    return out.toString();
  }

  static TreeSet<String> factsOf(FileDescriptor file) {
    TreeSet<String> out = new TreeSet<>();
    for (Descriptor message : file.getMessageTypes()) {
      messageFacts(message, out);
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      enumFacts(e, out);
    }
    for (ServiceDescriptor service : file.getServices()) {
      for (MethodDescriptor m : service.getMethods()) {
        out.add(String.join("\t", "rpc", service.getName(), m.getName(),
            local(m.getInputType().getFullName()), local(m.getOutputType().getFullName()),
            m.isClientStreaming() ? "client_stream" : "", m.isServerStreaming() ? "server_stream" : ""));
      }
    }
    return out;
  }

  private static void messageFacts(Descriptor message, TreeSet<String> out) {
    if (message.getOptions().getMapEntry()) {
      return;
    }
    for (FieldDescriptor f : message.getFields()) {
      String label;
      String type;
      if (f.isMapField()) {
        label = "map";
        Descriptor entry = f.getMessageType();
        type = "map<" + typeName(entry.findFieldByNumber(1)) + "," + typeName(entry.findFieldByNumber(2)) + ">";
      } else {
        label = f.isRepeated() ? "repeated" : "optional";
        type = typeName(f);
      }
      String oneof = f.getRealContainingOneof() == null ? "" : f.getRealContainingOneof().getName();
      out.add(String.join("\t", "field", local(message.getFullName()), f.getName(),
          Integer.toString(f.getNumber()), label, type, oneof));
    }
    message.getNestedTypes().forEach(n -> messageFacts(n, out));
    message.getEnumTypes().forEach(e -> enumFacts(e, out));
  }

  private static void enumFacts(EnumDescriptor e, TreeSet<String> out) {
    e.getValues().forEach(v -> out.add(String.join("\t", "enum", local(e.getFullName()), v.getName(),
        Integer.toString(v.getNumber()))));
  }

  private static String typeName(FieldDescriptor f) {
    return switch (f.getType()) {
      case MESSAGE -> local(f.getMessageType().getFullName());
      case ENUM -> local(f.getEnumType().getFullName());
      default -> f.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String local(String fullName) {
    return fullName.startsWith(PACKAGE) ? fullName.substring(PACKAGE.length()) : fullName;
  }
}
