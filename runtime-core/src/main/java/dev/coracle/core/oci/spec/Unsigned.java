package dev.coracle.core.oci.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The spec's uint64 fields held in a Java {@code long}: the bits are the same, only the reading
 * differs. Without this, RLIM_INFINITY (2^64-1, how an unlimited rlimit is written) could be
 * neither read nor written.
 */
final class Unsigned {

  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private Unsigned() {}

  static final class Writer extends StdSerializer<Long> {

    Writer() {
      super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeNumber(new BigInteger(Long.toUnsignedString(value)));
    }
  }

  static final class Reader extends StdDeserializer<Long> {

    Reader() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        return (Long) context.handleUnexpectedToken(Long.class, parser);
      }
      BigInteger value = parser.getBigIntegerValue();
      if (value.signum() < 0 || value.compareTo(MAX) > 0) {
        return (Long) context.handleWeirdNumberValue(Long.class, value, "not an unsigned 64-bit integer");
      }
      return value.longValue();
    }
  }
}
