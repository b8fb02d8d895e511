package dev.geocdn.node.proxy;

import io.netty.util.AsciiString;

/**
 * The names of the fields the node writes itself, spelled once: the hit fast path and the full
 * path send the same bytes for the same response (field names are case-insensitive, but clients,
 * logs and byte-for-byte comparisons see the spelling). Fields relayed from the origin keep the
 * origin's spelling on every path.
 */
final class FieldNames {

    static final AsciiString AGE = AsciiString.cached("Age");
    static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    static final AsciiString CONTENT_RANGE = AsciiString.cached("Content-Range");
    static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
    static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
    static final AsciiString CONNECTION = AsciiString.cached("Connection");

    private FieldNames() {
    }
}
