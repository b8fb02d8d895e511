package dev.geocdn.invalidation.auth;

/**
 * What {@link BearerTokens#check} decided about one request: a value the web layer turns into
 * a 401 or 403 with the {@code WWW-Authenticate} header of RFC 6750 §3, or lets through.
 */
public sealed interface AuthVerdict {

    /** The token is known and covers the scope needed. */
    record Allowed(Caller caller) implements AuthVerdict {
    }

    /** No bearer credentials at all (RFC 6750 §3.1: no error code, 401). */
    record Missing() implements AuthVerdict {
    }

    /** Credentials that are malformed or match no token ({@code invalid_token}, 401). */
    record Invalid(String why) implements AuthVerdict {
    }

    /** A known token without the scope needed ({@code insufficient_scope}, 403). */
    record Forbidden(Caller caller, Scope needed) implements AuthVerdict {
    }
}
