package dev.geocdn.invalidation.intake;

/**
 * A request refused before anything was written: its message says why, in words a client can
 * act on, and becomes the {@code message} of the answer (a 4xx, or a 503 worth retrying).
 */
public final class IntakeException extends RuntimeException {

    /** Which 4xx it is. */
    public enum Kind {
        /** 400: malformed or invalid. */
        BAD_REQUEST(400),
        /** 413: the body or the purge is larger than the limits allow (RFC 9110 §15.5.14). */
        TOO_LARGE(413),
        /** 503: what the request needs is not known yet (the membership); retrying soon helps. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public IntakeException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static IntakeException badRequest(String message) {
        return new IntakeException(Kind.BAD_REQUEST, message);
    }

    public static IntakeException tooLarge(String message) {
        return new IntakeException(Kind.TOO_LARGE, message);
    }

    public static IntakeException unavailable(String message) {
        return new IntakeException(Kind.UNAVAILABLE, message);
    }

    public Kind kind() {
        return kind;
    }
}
