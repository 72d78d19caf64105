/**
 * The checkout as one Project Reactor operator chain over reactor-netty's {@code HttpClient}.
 *
 * <p>What to notice: what the futures style writes by hand are operators here. Each call is a cold
 * {@code Mono}, so a retry is a resubscription ({@code retryWhen(Retry.backoff(...))}, filtered to
 * transient failures, without jitter so the waits are exactly the policy's); the per-call timeout
 * and the deadline are {@code timeout} operators; the bounded, ordered fan-out is
 * {@code flatMapSequential(..., detailsConcurrency)}, which refills its window when the earliest
 * order in flight answers rather than whichever answers first. It stays the style's fan-out because
 * one operator bounds, orders and fails fast; {@code ReactorStyle.slidingWindow()}, which is not
 * registered, fans out with {@code index()}, {@code flatMap} and {@code sort} instead, only so the
 * benchmark can compare the styles at the same number of calls in flight. And cancellation travels
 * upstream by itself: a timeout, a failed sibling, the deadline, or the caller completing the future
 * in any way ({@code cancel}, {@code complete}, {@code orTimeout}) disposes the subscription, and
 * Reactor Netty closes the connection of an exchange cancelled before its answer, so the shop sees
 * the call aborted. What is left to do by hand is owning resources: the event loops, the connection pool
 * (sized for thousands of calls in flight) and the timer are the service's own, not Reactor's global
 * ones, so {@code close()} can release them; the future is tracked for {@code close()} before the
 * chain is subscribed; and the one body limit, which Reactor Netty's aggregation lacks, is counted
 * by hand. The chain is written against {@link dev.asyncrosetta.reactor.ReactorShopClient}, so
 * its tests drive it with a scripted shop on virtual time.
 *
 * <p>Paying through the broker ({@link dev.asyncrosetta.reactor.BrokerPublisher}): Kafka's own
 * producer, as shared/broker-client sets it up for every style, behind a small {@code Mono.create} adapter around {@code send(record, callback)},
 * subscribed on a one-thread bounded-elastic scheduler of the service's own, since {@code send} may
 * block on metadata or a full buffer. Not reactor-kafka: it is discontinued (last released in 2025)
 * and calls producer API that Kafka 4 removed. A cancel before the record was handed over means it
 * is never sent ({@code sink.onCancel}); after, it cannot be taken back. The outcome wait is a
 * {@code Mono.create} the outcome listener completes, its wait removed by {@code sink.onDispose};
 * the call timeout and the deadline are the {@code timeout} operators already used over HTTP, and
 * acknowledgements and outcomes are signalled on the timer, never on Kafka's threads.
 */
package dev.asyncrosetta.reactor;
