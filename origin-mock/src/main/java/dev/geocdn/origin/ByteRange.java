package dev.geocdn.origin;

/**
 * A single-range {@code Range: bytes=...} request (RFC 9110 section 14.1.2). Multiple ranges and
 * anything malformed are deliberately ignored (a full 200), which RFC 9110 allows.
 */
sealed interface ByteRange {

    /** Serve the whole representation with 200. */
    record Whole() implements ByteRange {
    }

    /** Serve bytes {@code first..last} (inclusive) with 206. */
    record Part(long first, long last) implements ByteRange {

        long count() {
            return last - first + 1;
        }

        String contentRange(long length) {
            return "bytes " + first + "-" + last + "/" + length;
        }
    }

    /** Answer 416 with {@code Content-Range: bytes *}{@code /length}. */
    record Unsatisfiable() implements ByteRange {
    }

    static ByteRange parse(String header, long length) {
        if (header == null) {
            return new Whole();
        }
        String value = header.trim();
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return new Whole();
        }
        String spec = value.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String firstText = spec.substring(0, dash).trim();
        String lastText = spec.substring(dash + 1).trim();
        if (firstText.isEmpty()) {
            Long suffix = number(lastText);
            if (suffix == null) {
                return new Whole();
            }
            if (suffix == 0 || length == 0) {
                return new Unsatisfiable();
            }
            return new Part(length - Math.min(suffix, length), length - 1);
        }
        Long first = number(firstText);
        Long last = lastText.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : number(lastText);
        if (first == null || last == null || last < first) {
            return new Whole();
        }
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, length - 1));
    }

    private static Long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }
}
