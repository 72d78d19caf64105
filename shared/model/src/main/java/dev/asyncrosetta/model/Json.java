package dev.asyncrosetta.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON mapping shared by the backend and every style. Decoding is strict where it matters: a
 * missing field or a null where a value belongs is a malformed answer ({@link CallFailure}), never
 * a record with holes.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final TypeReference<List<Order>> ORDERS = new TypeReference<>() {};

    private Json() {}

    public static User user(byte[] body) {
        return read(body, User.class);
    }

    public static List<Order> orders(byte[] body) {
        try {
            return List.copyOf(MAPPER.readValue(body, ORDERS));
        } catch (IOException | RuntimeException e) {
            throw CallFailure.malformed(e);
        }
    }

    public static OrderDetails details(byte[] body) {
        return read(body, OrderDetails.class);
    }

    public static Payment payment(byte[] body) {
        return read(body, Payment.class);
    }

    /** Reads any shared type; a body that does not fit is a {@link CallFailure#malformed}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new IllegalArgumentException("body is JSON null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw CallFailure.malformed(e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
