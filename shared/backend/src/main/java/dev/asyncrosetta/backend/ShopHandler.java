package dev.asyncrosetta.backend;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Serves every request on the event loop that received it. Nothing here blocks: latency and
 * injected delays are timers, and a hanging call simply never gets its answer.
 */
final class ShopHandler implements Handler<HttpServerRequest> {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String NO_REQUEST_ID = "-";

    private final Vertx vertx;
    private final ShopState state;

    ShopHandler(Vertx vertx, ShopState state) {
        this.vertx = vertx;
        this.state = state;
    }

    /** A path resolved to a route and the id in it, or to the status that refuses it. */
    private record Target(Route route, String resourceId, int refusal) {}

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/admin/")) {
            readBody(request, body -> admin(request, path, body.toString(StandardCharsets.UTF_8)),
                    tooLarge -> send(request.response(), tooLarge));
            return;
        }
        Target target = target(request.method().name(), path);
        if (target.route() == null) {
            Answer refusal = Answer.error(target.refusal(), target.refusal() == 405 ? "method_not_allowed" : "not_found");
            readBody(request, ignored -> send(request.response(), refusal), tooLarge -> send(request.response(), refusal));
            return;
        }
        String requestId = headerOr(request, ShopApi.REQUEST_ID_HEADER, NO_REQUEST_ID);
        String key = request.getHeader(ShopApi.IDEMPOTENCY_KEY_HEADER);
        Ledger.Entry call = state.ledger().begin(requestId, target.route(), target.resourceId(), path, key);
        HttpServerResponse response = request.response();
        response.closeHandler(closed -> call.end(Ending.ABORTED_BY_CLIENT, 0));
        readBody(request, body -> serve(request, call, target, requestId, key, body),
                tooLarge -> answer(response, call, tooLarge));
    }

    private void serve(HttpServerRequest request, Ledger.Entry call, Target target, String requestId, String key, Buffer body) {
        Fault fault = state.faultFor(target.route(), target.resourceId(), requestId, call.attempt());
        if (fault instanceof Fault.Hang) {
            return;
        }
        if (fault instanceof Fault.Reset) {
            reset(request, call);
            return;
        }
        Answer answer;
        if (fault instanceof Fault.Status injected) {
            answer = Answer.error(injected.status(), "injected_fault");
        } else if (fault instanceof Fault.Malformed malformed) {
            answer = Answer.malformed(target.route(), malformed.missingField());
        } else {
            answer = work(target, requestId, key, body);
        }
        long delayMillis = state.latency().toMillis()
                + (fault instanceof Fault.Delay delay ? delay.delay().toMillis() : 0);
        if (delayMillis <= 0) {
            answer(request.response(), call, answer);
        } else {
            vertx.setTimer(delayMillis, timer -> answer(request.response(), call, answer));
        }
    }

    private Answer work(Target target, String requestId, String key, Buffer body) {
        ShopData data = state.data();
        String id = target.resourceId();
        return switch (target.route()) {
            case USER -> data.hasUser(id) ? Answer.ok(data.user(id)) : Answer.error(404, "user_not_found");
            case ORDERS -> data.hasUser(id) ? Answer.ok(data.openOrders(id)) : Answer.error(404, "user_not_found");
            case DETAILS -> data.details(id) != null ? Answer.ok(data.details(id)) : Answer.error(404, "order_not_found");
            case PAYMENT -> pay(key, requestId, body);
        };
    }

    private Answer pay(String key, String requestId, Buffer body) {
        if (key == null || key.isBlank()) return Answer.error(400, "missing_idempotency_key");
        PaymentRequest payment;
        try {
            payment = Json.read(body.getBytes(), PaymentRequest.class);
        } catch (RuntimeException e) {
            return Answer.error(400, "bad_body", "expected {userId, orderIds, amountCents}");
        }
        return state.payments().pay(key, requestId, payment);
    }

    private static void answer(HttpServerResponse response, Ledger.Entry call, Answer answer) {
        // Ended first, so a client that reacts to the answer at once never finds it still in flight;
        // false when the client gave up meanwhile and there is nobody to answer.
        if (call.end(Ending.ANSWERED, answer.status())) {
            send(response, answer);
        }
    }

    /**
     * Starts an answer and closes the connection in the middle of it. Closing before the first byte
     * would look like a stale pooled connection, which several HTTP clients (the JDK's, reactor-netty's)
     * silently retry on their own; a broken answer is a failure every client reports to its caller.
     */
    private static void reset(HttpServerRequest request, Ledger.Entry call) {
        if (call.end(Ending.RESET_BY_SERVER, 0)) {
            request.response().setChunked(true).putHeader("Content-Type", ShopApi.JSON).setStatusCode(200).write("{\"id\":");
            request.connection().close();
        }
    }

    private static void send(HttpServerResponse response, Answer answer) {
        response.setStatusCode(answer.status())
                .putHeader("Content-Type", ShopApi.JSON)
                .end(Buffer.buffer(answer.body()));
    }

    /** Hands over the whole body, or answers 413 once an oversized one has been read and dropped. */
    private static void readBody(HttpServerRequest request, Handler<Buffer> then, Handler<Answer> refuse) {
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge[0] = true; // keep reading, so the client gets to read the 413 rather than a reset
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (tooLarge[0]) {
                refuse.handle(Answer.error(413, "body_too_large"));
            } else {
                then.handle(body);
            }
        });
    }

    static Target target(String method, String path) {
        String[] parts = path.split("/", -1);
        Route route = null;
        String id = null;
        if (parts.length == 3 && parts[1].equals("users") && !parts[2].isEmpty()) {
            route = Route.USER;
            id = parts[2];
        } else if (parts.length == 4 && parts[1].equals("users") && parts[3].equals("orders") && !parts[2].isEmpty()) {
            route = Route.ORDERS;
            id = parts[2];
        } else if (parts.length == 4 && parts[1].equals("orders") && parts[3].equals("details") && !parts[2].isEmpty()) {
            route = Route.DETAILS;
            id = parts[2];
        } else if (path.equals(ShopApi.PAYMENTS_PATH)) {
            route = Route.PAYMENT;
        }
        if (route == null) return new Target(null, null, 404);
        if (!route.method().equals(method)) return new Target(null, null, 405);
        return new Target(route, id, 0);
    }

    private void admin(HttpServerRequest request, String path, String body) {
        HttpServerResponse response = request.response();
        String method = request.method().name();
        try {
            switch (method + " " + path) {
                case "GET /admin/faults" -> response.putHeader("Content-Type", "text/plain")
                        .end(state.faults().stream().map(FaultRule::toString).collect(Collectors.joining("\n", "", "\n")));
                case "POST /admin/faults" -> {
                    body.lines().filter(line -> !line.isBlank()).map(FaultRule::parse).forEach(state::addFault);
                    response.setStatusCode(204).end();
                }
                case "DELETE /admin/faults" -> {
                    state.clearFaults();
                    response.setStatusCode(204).end();
                }
                case "PUT /admin/latency" -> {
                    state.latency(Durations.parse(body.trim()));
                    response.setStatusCode(204).end();
                }
                case "GET /admin/ledger" -> send(response, Answer.ok(state.ledger().calls()));
                default -> send(response, Answer.error(404, "not_found"));
            }
        } catch (IllegalArgumentException e) {
            send(response, Answer.error(400, "bad_admin_request", e.getMessage()));
        }
    }

    private static String headerOr(HttpServerRequest request, String name, String fallback) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
