package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.coracle.core.image.ref.Digest;
import java.io.IOException;

/**
 * Reads a digest from its JSON string form through {@link Digest#parse}, so a malformed digest in
 * a manifest fails as it is read. Writing uses the string form too ({@code ToStringSerializer}).
 */
final class DigestJson extends StdDeserializer<Digest> {

  DigestJson() {
    super(Digest.class);
  }

  @Override
  public Digest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return (Digest) context.handleUnexpectedToken(Digest.class, parser);
    }
    return Digest.parse(parser.getText());
  }
}
