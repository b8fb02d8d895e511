package dev.geocdn.invalidation.progress;

import dev.geocdn.protocol.purge.PurgeCommand;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One purge in the history: what it was (counts, not its targets: those can be a thousand URLs,
 * and the purge log has them), whom it waits for and who has acknowledged it.
 *
 * <p>Acknowledgements come from the purge log reader's thread, reads from request threads; the
 * acknowledgements map is guarded by this object's lock. {@link #completion()} completes, once,
 * with the progress that made it done.
 */
public final class TrackedPurge {

    private final String id;
    private final long hlc;
    private final boolean soft;
    private final String requestedBy;
    private final Instant acceptedAt;
    private final int urls;
    private final int prefixes;
    private final int surrogateKeys;
    private final Map<String, List<String>> required;
    private final Map<String, Applied> acks = new HashMap<>();
    private final CompletableFuture<Progress> completion = new CompletableFuture<>();

    TrackedPurge(PurgeCommand command, Map<String, List<String>> required) {
        this.id = command.id();
        this.hlc = command.hlc();
        this.soft = command.soft();
        this.requestedBy = command.requestedBy();
        this.acceptedAt = command.requestedAt();
        this.urls = command.urls().size();
        this.prefixes = command.prefixes().size();
        this.surrogateKeys = command.surrogateKeys().size();
        this.required = Map.copyOf(required);
    }

    public String id() {
        return id;
    }

    public long hlc() {
        return hlc;
    }

    public boolean soft() {
        return soft;
    }

    public String requestedBy() {
        return requestedBy;
    }

    /** When it was accepted (the invalidation service's wall clock). */
    public Instant acceptedAt() {
        return acceptedAt;
    }

    public int urls() {
        return urls;
    }

    public int prefixes() {
        return prefixes;
    }

    public int surrogateKeys() {
        return surrogateKeys;
    }

    /** Completes with the progress that made the purge done; never fails. */
    public CompletableFuture<Progress> completion() {
        return completion;
    }

    /** Takes an acknowledgement; answers whether it was the node's first. */
    synchronized boolean acknowledge(Applied ack) {
        return acks.putIfAbsent(ack.nodeId(), ack) == null;
    }

    /** Where it stands, with {@code upNow} saying which nodes are up now. */
    public synchronized Progress progress(Predicate<String> upNow) {
        return PurgeProgress.evaluate(required, upNow, acks);
    }

    /** Completes {@link #completion()} if done; answers whether it is. */
    boolean settle(Predicate<String> upNow) {
        Progress progress = progress(upNow);
        if (progress.done()) {
            completion.complete(progress);
        }
        return progress.done();
    }
}
