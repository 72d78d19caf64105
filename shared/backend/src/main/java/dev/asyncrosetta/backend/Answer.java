package dev.asyncrosetta.backend;

import dev.asyncrosetta.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A status and a JSON body, decided before any injected delay so the work happens on arrival. */
record Answer(int status, byte[] body) {

    static Answer ok(Object value) {
        return new Answer(200, Json.write(value));
    }

    static Answer created(Object value) {
        return new Answer(201, Json.write(value));
    }

    static Answer error(int status, String error) {
        return new Answer(status, Json.write(Map.of("error", error)));
    }

    static Answer error(int status, String error, String reason) {
        return new Answer(status, Json.write(Map.of("error", error, "reason", reason)));
    }

    /** A 200 whose body no client can use: cut-off JSON, or JSON without a field the record needs. */
    static Answer malformed(Route route, boolean missingField) {
        String body = switch (route) {
            case USER -> missingField ? "{\"id\":\"u-0000\",\"name\":\"No Email\"}" : "{\"id\":\"u-0000\",\"name\":";
            case ORDERS -> missingField ? "[{\"id\":\"o-0000-01\",\"userId\":\"u-0000\"}]" : "[{\"id\":\"o-0000-01\",";
            case DETAILS -> missingField ? "{\"orderId\":\"o-0000-01\",\"lines\":[]}" : "{\"orderId\":\"o-0000-01\",\"lines\":[{";
            case PAYMENT -> missingField ? "{\"id\":\"pay-0\",\"userId\":\"u-0000\"}" : "{\"id\":\"pay-0\"";
        };
        return new Answer(200, body.getBytes(StandardCharsets.UTF_8));
    }
}
