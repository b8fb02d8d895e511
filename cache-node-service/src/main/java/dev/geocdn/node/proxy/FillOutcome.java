package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.freshness.StoreVerdict;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;
import reactor.netty.ByteBufFlux;
import reactor.core.publisher.Sinks;

/**
 * What a fill produced, as handed to the leader and to collapsed waiters once the origin's
 * response head is in.
 */
sealed interface FillOutcome {

    /** A storable response whose body is streaming in; anyone whose Vary values match may follow it. */
    record Streaming(StoredResponse head, StreamingBody body, int fwdStatus) implements FillOutcome {
    }

    /** A fresh copy read back from the persistence tier, now stored in memory as well. */
    record FromTier(StoredResponse response) implements FillOutcome {
    }

    /** A complete response ready to serve: a 304-refreshed or stale-if-error copy. */
    record Ready(StoredResponse response, int fwdStatus, String detail) implements FillOutcome {
    }

    /**
     * A response that must not be shared (private, uncacheable, too large): only the leader may
     * consume {@code body} (retaining buffers it relays), and must emit on {@code released} when
     * done, which frees the origin connection; waiters fetch for themselves. {@code filledAt}
     * is when what it holds was current (HLC), for a child tier that may store it.
     */
    record PassThrough(int status, Headers headers, long contentLength, ByteBufFlux body, Sinks.Empty<Void> released,
                       NotStored reason, long filledAt) implements FillOutcome {
    }

    /** Why a response was passed through rather than stored. */
    sealed interface NotStored {
        /** RFC 9111 says it may not be stored. */
        record Refused(StoreVerdict.Reason reason) implements NotStored {
        }

        /** Larger than cdn.cache.max-object-size. */
        record TooLarge() implements NotStored {
        }

        /** Storable, but the request may not share it (credentials). */
        record NotShared() implements NotStored {
        }

        /** The Cache-Status detail. */
        default String token() {
            return switch (this) {
                case Refused refused -> refused.reason().token();
                case TooLarge tooLarge -> "too-large";
                case NotShared notShared -> "not-shared";
            };
        }
    }

    /** The origin could not be used and no stale copy may stand in. */
    record Failed(OriginFailure failure) implements FillOutcome {
    }
}
