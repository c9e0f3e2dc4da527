package dev.coracle.server.rpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/** The object IDs a request names ({@code pod_sandbox_id=... container_id=...}), for the log. */
final class RequestIds {

  private RequestIds() {}

  static String of(Object request) {
    if (!(request instanceof Message message)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.getName().endsWith("_id") && field.getType() == FieldDescriptor.Type.STRING && !field.isRepeated()) {
        String value = (String) message.getField(field);
        if (!value.isEmpty()) {
          out.append(' ').append(field.getName()).append('=').append(value);
        }
      }
    }
    return out.toString();
  }
}
