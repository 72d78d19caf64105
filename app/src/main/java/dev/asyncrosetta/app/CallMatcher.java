package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.ShopApi;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs the calls a client reported with the calls the shop's ledger saw. Both ends know the path,
 * and calls to one path (an attempt and its retries) happen one after another, so the n-th client
 * call to a path is the n-th call the shop saw on it.
 */
final class CallMatcher {
    private CallMatcher() {}

    static List<TracedCall> match(List<CallTrace.Call> clientCalls, List<Call> shopCalls) {
        Map<String, Deque<Call>> shopByPath = new LinkedHashMap<>();
        shopCalls.stream()
                .sorted(Comparator.comparingLong(Call::seq))
                .forEach(call -> shopByPath.computeIfAbsent(pathOf(call), path -> new ArrayDeque<>()).add(call));

        List<TracedCall> calls = new ArrayList<>();
        clientCalls.stream()
                .sorted(Comparator.comparingLong(CallTrace.Call::startNanos))
                .forEach(client -> {
                    Deque<Call> candidates = shopByPath.get(pathOf(client.target()));
                    calls.add(TracedCall.of(client, candidates == null ? null : candidates.poll()));
                });
        shopByPath.values().forEach(unmatched -> unmatched.forEach(call -> calls.add(TracedCall.shopOnly(call))));
        calls.sort(Comparator.comparingLong(TracedCall::startNanos));
        return List.copyOf(calls);
    }

    /** The path a ledger entry was called on. */
    static String pathOf(Call call) {
        return switch (call.route()) {
            case USER -> ShopApi.userPath(call.resourceId());
            case ORDERS -> ShopApi.ordersPath(call.resourceId());
            case DETAILS -> ShopApi.detailsPath(call.resourceId());
            case PAYMENT -> ShopApi.PAYMENTS_PATH;
        };
    }

    /** A client's target is a path, or a whole URL some clients report instead. */
    static String pathOf(String target) {
        if (!target.contains("://")) return target;
        try {
            return URI.create(target).getRawPath();
        } catch (IllegalArgumentException e) {
            return target;
        }
    }
}
