package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Directive;
import dev.geocdn.node.shield.TierFields;
import dev.geocdn.protocol.http.CdnLoop;

/**
 * Loop prevention at the node's edge (RFC 8586): every request the node sends upstream names
 * this CDN in {@code CDN-Loop}, and a request that already names it {@code maxLoops} times is
 * refused with 508 (Loop Detected, RFC 5842 section 7.2) rather than sent up once more. So an
 * origin that points back at the CDN, or two CDNs that point at each other, cost one refused
 * request instead of a storm that ends only when every connection times out. A request from a
 * child tier ({@link TierFields#TIER}) has passed the CDN once already by design, and may pass
 * once more: the parent sends it to the origin, never to a tier above (see {@code Upstream}).
 * A request answered from the store alone ({@code only-if-cached}) goes nowhere, and is always
 * admitted.
 *
 * @param cdnId    this CDN's name in the field
 * @param maxLoops how many passes through this CDN a request may already have made
 */
public record LoopGuard(String cdnId, int maxLoops) {

    /**
     * {@code request} as it goes on, naming this CDN in {@code CDN-Loop} after what it carried;
     * null when it has passed this CDN {@code maxLoops} times already.
     */
    ClientRequest admit(ClientRequest request) {
        String field = request.headers().joined(CdnLoop.FIELD);
        int allowed = request.headers().contains(TierFields.TIER) ? maxLoops + 1 : maxLoops;
        if (CdnLoop.count(field, cdnId) >= allowed && !answeredFromStore(request)) {
            return null;
        }
        return new ClientRequest(request.method(), request.scheme(), request.host(), request.pathAndQuery(),
                request.headers().newBuilder().set(CdnLoop.FIELD, CdnLoop.append(field, cdnId)).build(),
                request.remoteAddress());
    }

    /**
     * A GET or HEAD with {@code only-if-cached} (RFC 9111 section 5.2.1.7) is answered from what is
     * stored or with 504, never sent upstream, so it cannot loop: a sibling region asking for a
     * copy is one.
     */
    static boolean answeredFromStore(ClientRequest request) {
        return (request.method().equals("GET") || request.method().equals("HEAD"))
                && CacheControl.parse(request.headers().joined("Cache-Control")).has(Directive.ONLY_IF_CACHED);
    }

    /** Why a request was refused, for its 508's body. */
    String refusal() {
        return "loop detected: this request has already passed " + cdnId + " " + maxLoops
                + " times (CDN-Loop, RFC 8586); check that the origin does not point back at the CDN";
    }
}
