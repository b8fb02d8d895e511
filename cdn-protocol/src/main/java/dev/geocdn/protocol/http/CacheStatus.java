package dev.geocdn.protocol.http;

/**
 * One entry of the {@code Cache-Status} response field (RFC 9211), naming this cache and what
 * it did: {@code node-1; hit; ttl=42} or {@code node-1; fwd=uri-miss; fwd-status=200; stored}.
 *
 * <p>Every layer that handles a response (a node, each gateway) adds its own entry with
 * {@link #append(String, String)}: RFC 9211 section 2 lists entries in the order the response
 * passed them, the one nearest the origin first, so a layer appends after what came up to it
 * (including any the origin or a CDN in front of it sent) and never replaces it.
 *
 * @param cacheName  the cache's identifier (the node id)
 * @param hit        whether the response was served from cache without going forward
 * @param fwd        why the request went forward (RFC 9211 section 2.2), or null
 * @param fwdStatus  the status received from the next hop, or 0
 * @param ttl        remaining freshness in seconds (may be negative), or null
 * @param stored     whether the forwarded response was stored
 * @param collapsed  whether the request was collapsed with another (RFC 9211 section 2.6)
 * @param detail     an implementation detail token, or null
 * @param tier       the persistence tier the response was read back from ({@code tier=redis}, an
 *                   extension parameter, RFC 9211 section 2.8), or null when it was not
 */
public record CacheStatus(String cacheName, boolean hit, Fwd fwd, int fwdStatus, Long ttl,
                          boolean stored, boolean collapsed, String detail, String tier) {

    /** The {@code fwd} reasons of RFC 9211 section 2.2. */
    public enum Fwd {
        BYPASS("bypass"), METHOD("method"), URI_MISS("uri-miss"), VARY_MISS("vary-miss"),
        MISS("miss"), REQUEST("request"), STALE("stale"), PARTIAL("partial");

        private final String token;

        Fwd(String token) {
            this.token = token;
        }

        /** The token as it appears in the field. */
        public String token() {
            return token;
        }
    }

    /** A hit with {@code ttl} seconds of freshness left. */
    public static CacheStatus hit(String cacheName, long ttl) {
        return new CacheStatus(cacheName, true, null, 0, ttl, false, false, null, null);
    }

    /** A forward for {@code reason}, to be completed with the outcome. */
    public static CacheStatus forward(String cacheName, Fwd reason) {
        return new CacheStatus(cacheName, false, reason, 0, null, false, false, null, null);
    }

    /** This entry with the next hop's status. */
    public CacheStatus withFwdStatus(int status) {
        return new CacheStatus(cacheName, hit, fwd, status, ttl, stored, collapsed, detail, tier);
    }

    /** This entry with {@code stored}. */
    public CacheStatus withStored(boolean value) {
        return new CacheStatus(cacheName, hit, fwd, fwdStatus, ttl, value, collapsed, detail, tier);
    }

    /** This entry marked collapsed. */
    public CacheStatus withCollapsed(boolean value) {
        return new CacheStatus(cacheName, hit, fwd, fwdStatus, ttl, stored, value, detail, tier);
    }

    /** This entry with a ttl. */
    public CacheStatus withTtl(long seconds) {
        return new CacheStatus(cacheName, hit, fwd, fwdStatus, seconds, stored, collapsed, detail, tier);
    }

    /** This entry with a detail token. */
    public CacheStatus withDetail(String value) {
        return new CacheStatus(cacheName, hit, fwd, fwdStatus, ttl, stored, collapsed, value, tier);
    }

    /** This entry read back from the persistence tier {@code name}. */
    public CacheStatus withTier(String name) {
        return new CacheStatus(cacheName, hit, fwd, fwdStatus, ttl, stored, collapsed, detail, name);
    }

    /** The field's name. */
    public static final String FIELD = "Cache-Status";

    /**
     * The field value with {@code entry} after the entries the response already carries
     * ({@code upstream}, the combined value of its Cache-Status lines, or null when none).
     */
    public static String append(String upstream, String entry) {
        return upstream == null || upstream.isBlank() ? entry : upstream + ", " + entry;
    }

    /** {@link #append(String, String)} with this entry. */
    public String appendTo(String upstream) {
        return append(upstream, toString());
    }

    /** The field member, serialized as an RFC 8941 list member with parameters. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        appendTokenOrString(sb, cacheName);
        if (hit) {
            sb.append("; hit");
        }
        if (fwd != null) {
            sb.append("; fwd=").append(fwd.token());
        }
        if (fwdStatus > 0) {
            sb.append("; fwd-status=").append(fwdStatus);
        }
        if (ttl != null) {
            sb.append("; ttl=").append(ttl);
        }
        if (stored) {
            sb.append("; stored");
        }
        if (collapsed) {
            sb.append("; collapsed");
        }
        if (detail != null) {
            appendTokenOrString(sb.append("; detail="), detail);
        }
        if (tier != null) {
            appendTokenOrString(sb.append("; tier="), tier);
        }
        return sb.toString();
    }

    /**
     * Appends {@code value} as an RFC 8941 Token when it is one, otherwise as a String (RFC 9211
     * section 2 allows either for the cache name and the detail), so that a name like an IP
     * address or a detail with spaces keeps the field parsable.
     */
    private static void appendTokenOrString(StringBuilder sb, String value) {
        if (isSfToken(value)) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append('?'); // a String holds printable ASCII only
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    // RFC 8941 section 3.3.4: ( ALPHA / "*" ) *( tchar / ":" / "/" )
    private static boolean isSfToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '*')) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
