package dev.geocdn.cache.conditional;

/**
 * What the conditional request header fields decide (RFC 9110 section 13.2.2).
 *
 * <p>An outcome rather than a status code so callers can keep building the response their own
 * way: a 304 is assembled from {@link NotModifiedHeaders}, a 412 has no representation at all.
 */
public enum PreconditionOutcome {

    /** Every precondition holds (or none applies): perform the method as if unconditional. */
    PROCEED,

    /** 304 (Not Modified), RFC 9110 section 15.4.5: the client's stored representation is current. */
    NOT_MODIFIED,

    /** 412 (Precondition Failed), RFC 9110 section 15.5.13: the client's assumption about state is wrong. */
    PRECONDITION_FAILED
}
