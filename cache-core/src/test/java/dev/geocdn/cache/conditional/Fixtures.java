package dev.geocdn.cache.conditional;

import dev.geocdn.cache.http.Headers;
import java.time.Instant;

/** A stored representation and the dates around its Last-Modified, shared by the precondition tables. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    static final String LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT";
    static final String EARLIER = "Sun, 06 Nov 1994 08:49:36 GMT";
    static final String LATER = "Sun, 06 Nov 1994 08:49:38 GMT";

    /** ETag "v1", Last-Modified {@link #LAST_MODIFIED}. */
    static final Headers STORED = Headers.of(
            "ETag", "\"v1\"",
            "Last-Modified", LAST_MODIFIED,
            "Date", "Sun, 06 Nov 1994 09:00:00 GMT",
            "Content-Type", "text/plain");

    private Fixtures() {
    }

    /** A header list from a table cell: "Name: value" lines separated by " ; ", or empty. */
    static Headers headers(String cell) {
        Headers.Builder builder = new Headers.Builder();
        if (cell != null && !cell.isBlank()) {
            for (String line : cell.split(" ; ")) {
                int colon = line.indexOf(':');
                builder.add(line.substring(0, colon).strip(), line.substring(colon + 1));
            }
        }
        return builder.build();
    }

    /** The representation a table row names: "stored", "none" (no current representation) or fields. */
    static Headers representation(String cell) {
        return switch (cell) {
            case "stored" -> STORED;
            case "none" -> null;
            default -> headers(cell);
        };
    }
}
