package dev.coracle.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coracle.core.error.InternalException;
import java.util.Map;

/** The verbose {@code info} of status answers: a backend's tree as one JSON string. */
public final class InfoJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private InfoJson() {}

  public static String render(Map<String, Object> info, String what) {
    try {
      return JSON.writeValueAsString(info);
    } catch (JsonProcessingException e) {
      throw new InternalException("cannot describe " + what + ": " + e.getOriginalMessage(), e);
    }
  }
}
