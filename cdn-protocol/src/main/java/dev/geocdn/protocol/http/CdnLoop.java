package dev.geocdn.protocol.http;

import java.util.Locale;

/**
 * The {@code CDN-Loop} request field (RFC 8586): each CDN that forwards a request adds its own
 * identifier, so that a request which comes back to a CDN it already passed (an origin pointing
 * back at the CDN, two CDNs pointing at each other, a tier asking a tier) can be recognised and
 * refused instead of circling until something times out. Pure.
 */
public final class CdnLoop {

    /** The field's name. */
    public static final String FIELD = "CDN-Loop";

    private CdnLoop() {
    }

    /**
     * How many times {@code field} (the combined value of the request's CDN-Loop lines, or null)
     * names {@code cdnId}: members are {@code cdn-id *( ";" parameter )}, compared without case.
     */
    public static int count(String field, String cdnId) {
        if (field == null || field.isBlank()) {
            return 0;
        }
        String wanted = cdnId.toLowerCase(Locale.ROOT);
        int count = 0;
        for (String member : FieldLists.split(field, ',', false)) {
            String id = FieldLists.split(member, ';', false).get(0).strip().toLowerCase(Locale.ROOT);
            if (id.equals(wanted)) {
                count++;
            }
        }
        return count;
    }

    /** {@code field} with {@code cdnId} added after what earlier CDNs put there (RFC 8586 section 2). */
    public static String append(String field, String cdnId) {
        return field == null || field.isBlank() ? cdnId : field + ", " + cdnId;
    }
}
