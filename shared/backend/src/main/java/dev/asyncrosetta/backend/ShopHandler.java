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
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Serves every request on the event loop that received it. Nothing here blocks: latency and
 * injected delays are timers, and a hanging call simply never gets its answer.
 */
final class ShopHandler implements Handler<HttpServerRequest> {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** What {@link Fault.BadStatusLine} puts on the wire: a status that is not three digits. */
    static final String BAD_STATUS_LINE =
            "HTTP/1.1 2x0 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    /** What {@link Fault.BadChunk} puts on the wire: a chunked answer whose chunk size is not hex. */
    static final String BAD_CHUNK =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    /** What {@link Fault.BadHeaderName} puts on the wire: a header name that is not an RFC 9110 token. */
    static final String BAD_HEADER_NAME =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX(A): a\r\nContent-Length: 2\r\n\r\n{}";
    private static final byte[] SPACES = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final ShopState state;
    /** The payment service attached to the shop right now, or null. */
    private final Supplier<PaymentServiceControl> paymentService;

    ShopHandler(Vertx vertx, ShopState state, Supplier<PaymentServiceControl> paymentService) {
        this.vertx = vertx;
        this.state = state;
        this.paymentService = paymentService;
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
        String requestId = headerOr(request, ShopApi.REQUEST_ID_HEADER, Ledger.NO_REQUEST_ID);
        String key = request.getHeader(ShopApi.IDEMPOTENCY_KEY_HEADER);
        Ledger.TraceHeaders trace = new Ledger.TraceHeaders(request.getHeader(ShopApi.TRACEPARENT_HEADER),
                request.getHeader(ShopApi.TRACESTATE_HEADER));
        Ledger.Entry call = state.ledger().begin(requestId, target.route(), target.resourceId(), path, key, trace);
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
        if (fault instanceof Fault.Drop) {
            drop(request, call);
            return;
        }
        if (fault instanceof Fault.Informational) {
            request.response().writeContinue(); // an interim answer; the final one follows as usual
        }
        Answer answer = answerFor(fault, target, requestId, key, body);
        long delayMillis = state.latency().toMillis()
                + (fault instanceof Fault.Delay delay ? delay.delay().toMillis() : 0);
        if (delayMillis <= 0) {
            deliver(request, call, fault, answer);
        } else {
            vertx.setTimer(delayMillis, timer -> deliver(request, call, fault, answer));
        }
    }

    /** Decided on arrival, so the work (a charge) happens before any delay; null for a garbled answer. */
    private Answer answerFor(Fault fault, Target target, String requestId, String key, Buffer body) {
        if (fault instanceof Fault.Status injected) return Answer.error(injected.status(), "injected_fault");
        if (fault instanceof Fault.Malformed malformed) return Answer.malformed(target.route(), malformed.missingField());
        if (fault instanceof Fault.Redirect) return Answer.error(302, "injected_redirect", "see Location: the same URI");
        if (fault instanceof Fault.BadStatusLine || fault instanceof Fault.BadChunk || fault instanceof Fault.BadHeaderName) return null;
        return work(target, requestId, key, body);
    }

    private static void deliver(HttpServerRequest request, Ledger.Entry call, Fault fault, Answer answer) {
        HttpServerResponse response = request.response();
        if (fault instanceof Fault.StallBody) {
            stall(response, call, answer);
        } else if (fault instanceof Fault.Padded padded) {
            padded(response, call, answer, padded);
        } else if (fault instanceof Fault.BigHeader big) {
            answer(response, call, answer, r -> r.putHeader("X-Padding", "a".repeat(big.bytes())));
        } else if (fault instanceof Fault.Redirect) {
            answer(response, call, answer, r -> r.putHeader("Location", sameUriOnThisShop(request)));
        } else if (fault instanceof Fault.BadStatusLine) {
            garble(request, call, BAD_STATUS_LINE);
        } else if (fault instanceof Fault.BadChunk) {
            garble(request, call, BAD_CHUNK);
        } else if (fault instanceof Fault.BadHeaderName) {
            garble(request, call, BAD_HEADER_NAME);
        } else {
            answer(response, call, answer);
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
        answer(response, call, answer, r -> {});
    }

    private static void answer(HttpServerResponse response, Ledger.Entry call, Answer answer, Consumer<HttpServerResponse> headers) {
        // Ended first, so a client that reacts to the answer at once never finds it still in flight;
        // false when the client gave up meanwhile and there is nobody to answer.
        if (call.end(Ending.ANSWERED, answer.status())) {
            headers.accept(response);
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

    /** Closes the connection before any byte of an answer: the stale pooled connection that {@link #reset} avoids. */
    private static void drop(HttpServerRequest request, Ledger.Entry call) {
        if (call.end(Ending.RESET_BY_SERVER, 0)) {
            request.connection().close();
        }
    }

    /**
     * Sends the head (with the Content-Length of the whole answer) and the first half of the body,
     * and never the rest. The call is not ended here: it stays in flight until the client closes the
     * connection, which the close handler records as {@link Ending#ABORTED_BY_CLIENT}.
     */
    private static void stall(HttpServerResponse response, Ledger.Entry call, Answer answer) {
        if (call.ended() || response.closed()) return; // the client gave up during the delay
        byte[] body = answer.body();
        int half = Math.max(1, body.length / 2);
        response.setStatusCode(answer.status())
                .putHeader("Content-Type", ShopApi.JSON)
                .putHeader("Content-Length", String.valueOf(body.length))
                .write(Buffer.buffer(Arrays.copyOf(body, half)));
    }

    /**
     * The answer's JSON, then spaces up to {@code padded.bytes()} in all, written 64 KiB at a time (a
     * chunk each, when chunked) as the connection drains, so a large body is never built in memory.
     */
    private static void padded(HttpServerResponse response, Ledger.Entry call, Answer answer, Fault.Padded padded) {
        if (!call.end(Ending.ANSWERED, answer.status())) return;
        byte[] json = answer.body();
        long total = Math.max(padded.bytes(), json.length);
        response.setStatusCode(answer.status()).putHeader("Content-Type", ShopApi.JSON);
        if (padded.chunked()) {
            response.setChunked(true);
        } else {
            response.putHeader("Content-Length", String.valueOf(total));
        }
        if (total == json.length) {
            response.end(Buffer.buffer(json));
            return;
        }
        response.write(Buffer.buffer(json));
        pad(response, total - json.length);
    }

    private static void pad(HttpServerResponse response, long remaining) {
        long left = remaining;
        while (!response.closed() && !response.writeQueueFull()) {
            int n = (int) Math.min(SPACES.length, left);
            Buffer spaces = Buffer.buffer(n == SPACES.length ? SPACES : Arrays.copyOf(SPACES, n));
            left -= n;
            if (left == 0) {
                response.end(spaces);
                return;
            }
            response.write(spaces);
        }
        if (response.closed()) return; // the client gave up; nobody to write to
        long rest = left;
        response.drainHandler(drained -> pad(response, rest));
    }

    /** The absolute URI of this request on this shop's own address, not on whatever Host the client named. */
    private static String sameUriOnThisShop(HttpServerRequest request) {
        SocketAddress local = request.localAddress();
        String host = local.hostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + local.port() + request.uri();
    }

    /**
     * Puts raw bytes on the socket, bypassing Vert.x's HTTP encoder, then closes the connection.
     *
     * <p>Vert.x has no public API for this: every response goes through Netty's HTTP encoder, which
     * only writes valid HTTP. The server-side HTTP/1.1 connection is, in Vert.x 5.0, an internal
     * {@code io.vertx.core.http.impl.Http1xServerConnection}, a subclass of the internal
     * {@link ConnectionBase} whose {@code channel()} is the Netty channel. Writing from the pipeline's
     * first handler context sends the bytes straight to the head (the socket), past the encoder; a
     * write on the channel itself would start at the tail and go through the encoder. This relies on
     * internal API and may need adjusting on a Vert.x upgrade; {@code ShopBackendTest} checks the
     * exact bytes that arrive.
     */
    private static void garble(HttpServerRequest request, Ledger.Entry call, String bytes) {
        if (!call.end(Ending.GARBLED_BY_SERVER, 0)) return;
        if (!(request.connection() instanceof ConnectionBase connection)) {
            request.connection().close(); // not a connection we know how to reach into: at least do not answer
            return;
        }
        Channel channel = connection.channel();
        channel.pipeline().firstContext()
                .writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
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
                case "GET /admin/payment-service" -> withPaymentService(response, control -> response
                        .putHeader("Content-Type", "text/plain").end(control.status() + "\n"));
                case "POST /admin/payment-service/pause" -> controlPaymentService(response, PaymentServiceControl::pause);
                case "POST /admin/payment-service/resume" -> controlPaymentService(response, PaymentServiceControl::resume);
                case "POST /admin/payment-service/crash-after-next-charge" ->
                        controlPaymentService(response, PaymentServiceControl::crashAfterNextCharge);
                case "POST /admin/payment-service/stop" -> controlPaymentService(response, PaymentServiceControl::stop);
                default -> send(response, Answer.error(404, "not_found"));
            }
        } catch (IllegalArgumentException e) {
            send(response, Answer.error(400, "bad_admin_request", e.getMessage()));
        }
    }

    /**
     * 202: the service has been asked and makes the change on its own thread (the control returns at
     * once, as a call on this event loop must).
     */
    private void controlPaymentService(HttpServerResponse response, Consumer<PaymentServiceControl> command) {
        withPaymentService(response, control -> {
            command.accept(control);
            response.setStatusCode(202).end();
        });
    }

    private void withPaymentService(HttpServerResponse response, Consumer<PaymentServiceControl> then) {
        PaymentServiceControl control = paymentService.get();
        if (control == null) {
            send(response, Answer.error(404, "no_payment_service", "no payment service is attached to this shop"));
            return;
        }
        try {
            then.accept(control);
        } catch (RuntimeException e) { // the service's own failure, not a bad admin request
            send(response, Answer.error(500, "payment_service_failed", String.valueOf(e)));
        }
    }

    private static String headerOr(HttpServerRequest request, String name, String fallback) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
