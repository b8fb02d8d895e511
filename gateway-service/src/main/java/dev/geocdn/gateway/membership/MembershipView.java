package dev.geocdn.gateway.membership;

import dev.geocdn.protocol.topology.Membership;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The membership this gateway routes by: starts from the static configuration (everything up)
 * and is replaced by each newer snapshot the health service publishes. Reads are a volatile
 * load, so the request path never waits for an update.
 */
public final class MembershipView {

    private final AtomicReference<Membership> current;

    public MembershipView(Membership initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Membership current() {
        return current.get();
    }

    /** Takes the snapshot unless it is older than the one held; answers whether it was taken. */
    public boolean update(Membership next) {
        Membership previous = current.getAndUpdate(old -> next.version() >= old.version() ? next : old);
        return next.version() >= previous.version();
    }
}
