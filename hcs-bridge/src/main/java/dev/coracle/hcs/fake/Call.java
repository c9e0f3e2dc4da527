package dev.coracle.hcs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;

/**
 * One recorded call into the fake. Arguments appear as: JSON strings as parsed {@link
 * JsonNode} trees (so tests compare documents as JSON), other strings as {@link String},
 * handles as their {@link Long} value, GUIDs as their string form, layer descriptor arrays as
 * a JSON array, numbers as themselves, out parameters and callbacks as {@code "out"} and
 * {@code "callback"}, NULL as {@code null}.
 */
public record Call(String function, List<Object> args) {

  public Call {
    args = Collections.unmodifiableList(args);
  }

  /** Argument {@code index}, which must be a JSON document. */
  public JsonNode json(int index) {
    if (args.get(index) instanceof JsonNode node) {
      return node;
    }
    throw new AssertionError(function + " argument " + index + " is not JSON: " + args.get(index));
  }

  /** Argument {@code index} as text (a string, or a JSON document's compact form). */
  public String text(int index) {
    Object arg = args.get(index);
    return arg == null ? null : arg.toString();
  }
}
