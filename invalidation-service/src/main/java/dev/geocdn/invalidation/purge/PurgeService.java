package dev.geocdn.invalidation.purge;

import dev.geocdn.invalidation.auth.Caller;
import dev.geocdn.invalidation.bus.PurgePublisher;
import dev.geocdn.invalidation.progress.PurgeTracker;
import dev.geocdn.invalidation.progress.TrackedPurge;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.apache.kafka.common.errors.RecordTooLargeException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * Turns a validated purge into an outcome: id and HLC time, registration, the durable write,
 * then (strong) the wait for acknowledgements.
 *
 * <p>Order matters. The purge is registered before it is written, so that no acknowledgement
 * can arrive for a purge this instance does not know; if the write fails it is forgotten
 * again. It is answered only after Kafka acknowledged the write: a 202 or 200 is never lost.
 * A strong purge waits until the tracker says done, or until its deadline, counted from the
 * request's arrival (the write's time included), whichever is first.
 *
 * <p>The write may block while Kafka's metadata is fetched, so it runs on the bounded elastic
 * scheduler, never on the event loop. Completion of a wait is moved off the purge log reader's
 * thread before the response is built.
 */
public final class PurgeService {

    private final PurgeTracker tracker;
    private final PurgePublisher publisher;
    private final BooleanSupplier acknowledgementsRead;
    private final HybridLogicalClock hlc;
    private final Clock clock;
    private final Duration defaultDeadline;
    private final String kafka;

    /**
     * @param acknowledgementsRead whether the acknowledgement log is being read (strong purges need it)
     * @param defaultDeadline      a strong purge's deadline when the client gave none
     * @param kafka                the bootstrap servers, for messages
     */
    public PurgeService(PurgeTracker tracker, PurgePublisher publisher, BooleanSupplier acknowledgementsRead,
                        HybridLogicalClock hlc, Clock clock, Duration defaultDeadline, String kafka) {
        this.tracker = tracker;
        this.publisher = publisher;
        this.acknowledgementsRead = acknowledgementsRead;
        this.hlc = hlc;
        this.clock = clock;
        this.defaultDeadline = defaultDeadline;
        this.kafka = kafka;
    }

    /** A new purge id: random, so ids say nothing about volume or order (the HLC time orders). */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * @param caller     who asked
     * @param order      the validated purge
     * @param receivedAt when the request arrived (the strong deadline counts from it)
     */
    public Mono<Outcome> submit(Caller caller, PurgeOrder order, Instant receivedAt) {
        boolean strong = order.consistency() == Consistency.STRONG;
        if (strong && !acknowledgementsRead.getAsBoolean()) {
            return Mono.just(new Outcome.Unavailable("acknowledgements from Kafka at " + kafka
                    + " are not being read yet, so a strong purge could not be confirmed; nothing was written"));
        }
        PurgeCommand command = new PurgeCommand(newId(), hlc.now(), order.urls(), order.prefixes(),
                order.surrogateKeys(), order.soft(), caller.name(), clock.instant());
        TrackedPurge purge = tracker.register(command);
        return Mono.fromCallable(() -> publisher.publish(command))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .then(Mono.defer(() -> strong ? await(purge, order, receivedAt) : Mono.just(new Outcome.Accepted(purge))))
                .onErrorResume(error -> {
                    tracker.forget(command.id());
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof RecordTooLargeException) {
                        return Mono.just(new Outcome.TooLarge("Kafka refused the purge as too large ("
                                + cause.getMessage() + "): split it"));
                    }
                    return Mono.just(new Outcome.Unavailable("Kafka at " + kafka + " did not acknowledge the purge ("
                            + cause.getMessage() + "); it may or may not have been written, and is safe to retry"));
                });
    }

    private Mono<Outcome> await(TrackedPurge purge, PurgeOrder order, Instant receivedAt) {
        if (purge.completion().isDone()) {
            return Mono.just(new Outcome.Applied(purge, purge.completion().join()));
        }
        Duration deadline = order.timeout().orElse(defaultDeadline);
        Duration left = deadline.minus(Duration.between(receivedAt, clock.instant()));
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        return Mono.fromFuture(purge.completion(), true)
                .publishOn(Schedulers.parallel())
                .<Outcome>map(progress -> new Outcome.Applied(purge, progress))
                .timeout(left, Mono.fromSupplier(() -> new Outcome.Incomplete(purge, tracker.progress(purge))));
    }
}
