package dev.asyncrosetta.backend;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which calls a {@link Fault} applies to: a route, and optionally one resource id (the user or
 * order in the path), one request id, and a range of attempts. The attempt of a call is how many
 * calls with the same request id, method and path the shop has seen, this one included.
 *
 * <p>As text (the admin route and the CLI): {@code route[/resourceId][#requestId][@from[-to]]=fault}
 * where fault is a status ({@code 503}), {@code hang}, {@code reset}, {@code delay:300ms},
 * {@code malformed}, {@code missing-field}, {@code stall-body}, {@code drop}, {@code redirect},
 * {@code informational}, {@code padded:17MiB}, {@code padded-chunked:17MiB}, {@code big-header:512KiB}, {@code bad-status-line},
 * {@code bad-header-name} or {@code bad-chunk} (sizes in {@code B}, {@code KiB} or {@code MiB}, see {@link Sizes}). Examples:
 * {@code details@1-2=503}, {@code user=hang}, {@code payment@1=delay:1500ms}, {@code orders=padded:17MiB}.
 */
public record FaultRule(Route route, String resourceId, String requestId, int fromAttempt, int toAttempt, Fault fault) {
    private static final Pattern TEXT = Pattern.compile(
            "(?<route>[a-zA-Z]+)(?:/(?<resource>[A-Za-z0-9-]+))?(?:#(?<request>[A-Za-z0-9-]+))?"
                    + "(?:@(?<from>\\d+)(?<range>-(?<to>\\d*))?)?=(?<fault>[A-Za-z0-9:-]+)");

    public FaultRule {
        requireNonNull(route, "route");
        requireNonNull(fault, "fault");
        if (fromAttempt < 1 || toAttempt < fromAttempt) {
            throw new IllegalArgumentException("bad attempt range " + fromAttempt + ".." + toAttempt + " (attempts count from 1)");
        }
    }

    /** Every call to the route, from every request, on every attempt. */
    public static FaultRule on(Route route, Fault fault) {
        return new FaultRule(route, null, null, 1, Integer.MAX_VALUE, fault);
    }

    public FaultRule forResource(String id) {
        return new FaultRule(route, id, requestId, fromAttempt, toAttempt, fault);
    }

    public FaultRule forRequest(String id) {
        return new FaultRule(route, resourceId, id, fromAttempt, toAttempt, fault);
    }

    public FaultRule onAttempts(int from, int to) {
        return new FaultRule(route, resourceId, requestId, from, to, fault);
    }

    public FaultRule onAttempt(int attempt) {
        return onAttempts(attempt, attempt);
    }

    public boolean matches(Route callRoute, String callResourceId, String callRequestId, int attempt) {
        return route == callRoute
                && (resourceId == null || resourceId.equals(callResourceId))
                && (requestId == null || requestId.equals(callRequestId))
                && attempt >= fromAttempt
                && attempt <= toAttempt;
    }

    public static FaultRule parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a fault rule: '" + text
                    + "' (use route[/id][#requestId][@from[-to]]=fault, e.g. details@1-2=503 or user=hang)");
        }
        Route route;
        try {
            route = Route.valueOf(m.group("route").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown route '" + m.group("route") + "' (use user, orders, details or payment)");
        }
        int from = m.group("from") == null ? 1 : Integer.parseInt(m.group("from"));
        int to = m.group("from") == null || (m.group("range") != null && m.group("to").isEmpty())
                ? Integer.MAX_VALUE
                : m.group("range") == null ? from : Integer.parseInt(m.group("to"));
        try {
            return new FaultRule(route, m.group("resource"), m.group("request"), from, to, parseFault(m.group("fault")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a fault rule: '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Fault parseFault(String text) {
        switch (text) {
            case "hang": return Fault.hang();
            case "reset": return Fault.reset();
            case "malformed": return Fault.badJson();
            case "missing-field": return Fault.missingField();
            case "stall-body": return Fault.stallBody();
            case "drop": return Fault.drop();
            case "redirect": return Fault.redirect();
            case "informational": return Fault.informational();
            case "bad-status-line": return Fault.badStatusLine();
            case "bad-chunk": return Fault.badChunk();
            case "bad-header-name": return Fault.badHeaderName();
            default:
                if (text.startsWith("delay:")) return Fault.delay(Durations.parse(text.substring("delay:".length())));
                if (text.startsWith("padded:")) return Fault.padded(Sizes.parse(text.substring("padded:".length())));
                if (text.startsWith("padded-chunked:")) return Fault.paddedChunked(Sizes.parse(text.substring("padded-chunked:".length())));
                if (text.startsWith("big-header:")) {
                    long bytes = Sizes.parse(text.substring("big-header:".length()));
                    if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("header too big: '" + text + "'");
                    return Fault.bigHeader((int) bytes);
                }
                if (text.matches("[1-5]\\d\\d")) return Fault.status(Integer.parseInt(text));
                throw new IllegalArgumentException("unknown fault '" + text
                        + "' (use a status like 503, hang, reset, delay:300ms, malformed, missing-field, stall-body,"
                        + " drop, redirect, informational, padded:17MiB, padded-chunked:17MiB, big-header:512KiB, bad-status-line, bad-header-name or bad-chunk)");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(route.name().toLowerCase(Locale.ROOT));
        if (resourceId != null) text.append('/').append(resourceId);
        if (requestId != null) text.append('#').append(requestId);
        if (fromAttempt != 1 || toAttempt != Integer.MAX_VALUE) {
            text.append('@').append(fromAttempt);
            if (toAttempt == Integer.MAX_VALUE) text.append('-');
            else if (toAttempt != fromAttempt) text.append('-').append(toAttempt);
        }
        return text.append('=').append(faultText(fault)).toString();
    }

    private static String faultText(Fault fault) {
        if (fault instanceof Fault.Delay d) return "delay:" + Durations.format(d.delay());
        if (fault instanceof Fault.Status s) return String.valueOf(s.status());
        if (fault instanceof Fault.Hang) return "hang";
        if (fault instanceof Fault.Reset) return "reset";
        if (fault instanceof Fault.Malformed m) return m.missingField() ? "missing-field" : "malformed";
        if (fault instanceof Fault.StallBody) return "stall-body";
        if (fault instanceof Fault.Drop) return "drop";
        if (fault instanceof Fault.Redirect) return "redirect";
        if (fault instanceof Fault.Informational) return "informational";
        if (fault instanceof Fault.Padded p) return (p.chunked() ? "padded-chunked:" : "padded:") + Sizes.format(p.bytes());
        if (fault instanceof Fault.BigHeader b) return "big-header:" + Sizes.format(b.bytes());
        if (fault instanceof Fault.BadStatusLine) return "bad-status-line";
        if (fault instanceof Fault.BadChunk) return "bad-chunk";
        if (fault instanceof Fault.BadHeaderName) return "bad-header-name";
        throw new IllegalStateException("a fault without a text form: " + fault);
    }
}
