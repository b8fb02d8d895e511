package dev.geocdn.cache.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The cache directives GeoCDN acts on, with the kind of argument each takes: RFC 9111 sections
 * 5.2.1 (request) and 5.2.2 (response), RFC 5861 (stale-while-revalidate, stale-if-error) and
 * RFC 8246 (immutable). The kind decides how a targeted field's typed member is read (RFC 9213
 * section 2.1): a member of the wrong type is ignored, as if it were absent.
 */
public enum Directive {
    MAX_AGE("max-age", Kind.SECONDS),
    MAX_STALE("max-stale", Kind.OPTIONAL_SECONDS),
    MIN_FRESH("min-fresh", Kind.SECONDS),
    NO_CACHE("no-cache", Kind.FLAG_OR_FIELDS),
    NO_STORE("no-store", Kind.FLAG),
    NO_TRANSFORM("no-transform", Kind.FLAG),
    ONLY_IF_CACHED("only-if-cached", Kind.FLAG),
    MUST_REVALIDATE("must-revalidate", Kind.FLAG),
    MUST_UNDERSTAND("must-understand", Kind.FLAG),
    PRIVATE("private", Kind.FLAG_OR_FIELDS),
    PROXY_REVALIDATE("proxy-revalidate", Kind.FLAG),
    PUBLIC("public", Kind.FLAG),
    S_MAXAGE("s-maxage", Kind.SECONDS),
    STALE_WHILE_REVALIDATE("stale-while-revalidate", Kind.SECONDS),
    STALE_IF_ERROR("stale-if-error", Kind.SECONDS),
    IMMUTABLE("immutable", Kind.FLAG);

    /** What a directive's argument is. */
    public enum Kind {
        /** No argument (a Boolean true in a targeted field). */
        FLAG,
        /** Delta-seconds (an Integer in a targeted field). */
        SECONDS,
        /** Delta-seconds or none ({@code max-stale}). */
        OPTIONAL_SECONDS,
        /** No argument, or a list of field names ({@code private="Set-Cookie"}). */
        FLAG_OR_FIELDS
    }

    private static final Map<String, Directive> BY_NAME = new HashMap<>();

    static {
        for (Directive d : values()) {
            BY_NAME.put(d.wireName, d);
        }
    }

    private final String wireName;
    private final Kind kind;

    Directive(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    /** The name as written in the field, lower case. */
    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    /** The directive named {@code name} (case-insensitive), or null for an extension. */
    public static Directive named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
