package dev.geocdn.membership;

import dev.geocdn.protocol.topology.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The membership a service acts on (a gateway routes by it, the invalidation service waits for
 * the nodes it names): starts from the static configuration (everything up) and is replaced by
 * each newer snapshot the health service publishes. Reads are a volatile load, so the request
 * path never waits for an update.
 *
 * <p>Listeners hear every snapshot taken, on the thread that took it (the subscriber's), after
 * {@link #current()} already answers it. A listener that throws is logged and does not keep the
 * others from hearing it. Two updates racing may call listeners concurrently or out of order,
 * so a listener that needs the latest state reads {@link #current()} rather than its argument.
 */
public final class MembershipView {

    private static final Logger log = LoggerFactory.getLogger(MembershipView.class);

    private final AtomicReference<Membership> current;
    private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();

    public MembershipView(Membership initial) {
        this.current = new AtomicReference<>(initial);
    }

    /**
     * A view that starts from a static topology, every node taken to be up (empty when only the
     * health service knows the topology), until the health service's stream says otherwise.
     */
    public static MembershipView ofStatic(java.util.Map<String, Membership.RegionSpec> regions, java.time.Instant at) {
        return new MembershipView(Membership.allUp(new java.util.TreeMap<>(regions), at));
    }

    public Membership current() {
        return current.get();
    }

    /** Takes the snapshot unless it is older than the one held; answers whether it was taken. */
    public boolean update(Membership next) {
        Membership previous = current.getAndUpdate(old -> next.version() >= old.version() ? next : old);
        boolean taken = next.version() >= previous.version();
        if (taken) {
            for (Consumer<Membership> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    log.warn("a membership listener failed on version {}", next.version(), e);
                }
            }
        }
        return taken;
    }

    /** Calls {@code listener} with every snapshot taken from now on; closing the handle stops it. */
    public AutoCloseable onChange(Consumer<Membership> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
