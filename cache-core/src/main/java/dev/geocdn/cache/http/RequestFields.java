package dev.geocdn.cache.http;

/**
 * Read access to a request's fields by name, so that decisions that read only a few request
 * fields (Vary matching) can run on a server's own header object without copying it.
 */
@FunctionalInterface
public interface RequestFields {

    /** Every value of {@code name} joined by ", " (RFC 9110 section 5.3); null when absent. */
    String joined(String name);
}
