package dev.asyncrosetta.model;

import java.util.regex.Pattern;

/**
 * One checkout to run. The record accepts anything, so that bad input can reach the service and be
 * rejected there as a failed future ({@link #requireValid}) instead of an exception at construction.
 */
public record CheckoutRequest(String userId, String requestId) {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    /** Returns the request if it is valid, or throws {@link InvalidRequestException} saying what is wrong. */
    public static CheckoutRequest requireValid(CheckoutRequest request) {
        if (request == null) {
            throw new InvalidRequestException("request must not be null");
        }
        check("userId", request.userId(), USER_ID, "1-64 characters from [A-Za-z0-9-]");
        check("requestId", request.requestId(), REQUEST_ID, "8-64 characters from [A-Za-z0-9-]");
        return request;
    }

    private static void check(String field, String value, Pattern pattern, String accepted) {
        if (value == null) {
            throw new InvalidRequestException(field + " must not be null");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidRequestException(field + " must be " + accepted + ", got \"" + abbreviate(value) + "\"");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
