package dev.geocdn.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 request head (RFC 9112 sections 2 to 5) parsed where it lies in a buffer, without
 * copying it or making an object per field: what a server needs to answer the most common
 * requests before its full codec runs. One instance per connection, reused for every request.
 *
 * <p>Strict by design: anything this parser does not accept (a bare LF, obsolete line folding,
 * whitespace before a colon, a field name that is not a token, a control character in a value,
 * an absolute-form target, an HTTP version other than 1.0 or 1.1) is {@link Result#UNUSUAL}, and
 * the caller hands the bytes to the full codec, which answers them as it always has (a 400, a
 * 505, or a normal response). So this parser never decides that a request is bad; it only
 * recognises requests that are plainly good.
 */
public final class RequestHead {

    /** What {@link #parse} found. */
    public enum Result {
        /** The head does not end within the bytes given: more are needed. */
        INCOMPLETE,
        /** A complete, plainly well-formed head; its fields are readable. */
        COMPLETE,
        /** Not a head this parser accepts: for the full codec. */
        UNUSUAL
    }

    private final int maxFields;
    private final int[] nameStart;
    private final int[] nameEnd;
    private final int[] valueStart;
    private final int[] valueEnd;
    private ByteBuf buffer;
    private int fields;
    private int methodEnd;
    private int targetStart;
    private int targetEnd;
    private int minorVersion;
    private int end;
    private int start;

    /** @param maxFields the most fields a head may have to be {@link Result#COMPLETE} */
    public RequestHead(int maxFields) {
        this.maxFields = maxFields;
        this.nameStart = new int[maxFields];
        this.nameEnd = new int[maxFields];
        this.valueStart = new int[maxFields];
        this.valueEnd = new int[maxFields];
    }

    /**
     * Parses the head starting at {@code buf}'s reader index, looking at most {@code maxBytes}
     * bytes ahead; indexes stay valid while the buffer's bytes do.
     */
    public Result parse(ByteBuf buf, int maxBytes) {
        buffer = buf;
        fields = 0;
        start = buf.readerIndex();
        int limit = buf.writerIndex();
        int at = start;
        // request-line = method SP request-target SP HTTP-version CRLF
        int lineFeed = find(buf, at, limit, (byte) '\n');
        if (lineFeed < 0) {
            return incompleteOrUnusual(buf, at, limit, maxBytes);
        }
        if (lineFeed == at || buf.getByte(lineFeed - 1) != '\r') {
            return Result.UNUSUAL;
        }
        int lineEnd = lineFeed - 1;
        int sp = find(buf, at, lineEnd, (byte) ' ');
        if (sp <= at || !tokens(buf, at, sp)) {
            return Result.UNUSUAL;
        }
        methodEnd = sp;
        targetStart = sp + 1;
        int sp2 = find(buf, targetStart, lineEnd, (byte) ' ');
        if (sp2 < 0) {
            return Result.UNUSUAL;
        }
        targetEnd = sp2;
        if (targetEnd == targetStart || buf.getByte(targetStart) != '/' || !visible(buf, targetStart, targetEnd)) {
            return Result.UNUSUAL;
        }
        at = sp2 + 1;
        if (lineEnd - at != 8 || !prefix(buf, at, HTTP_1)) {
            return Result.UNUSUAL;
        }
        byte minor = buf.getByte(at + 7);
        if (minor != '0' && minor != '1') {
            return Result.UNUSUAL;
        }
        minorVersion = minor - '0';
        at = lineFeed + 1;
        while (true) {
            if (at - start > maxBytes) {
                return Result.UNUSUAL;
            }
            if (limit - at < 2) {
                return Result.INCOMPLETE;
            }
            if (buf.getByte(at) == '\r') {
                if (buf.getByte(at + 1) != '\n') {
                    return Result.UNUSUAL;
                }
                end = at + 2;
                return end - start > maxBytes ? Result.UNUSUAL : Result.COMPLETE;
            }
            int lf = find(buf, at, limit, (byte) '\n');
            if (lf < 0) {
                return incompleteOrUnusual(buf, at, limit, maxBytes);
            }
            if (lf == at || buf.getByte(lf - 1) != '\r' || fields == maxFields) {
                return Result.UNUSUAL;
            }
            int colon = find(buf, at, lf, (byte) ':');
            if (colon <= at || !tokens(buf, at, colon)) {
                return Result.UNUSUAL; // includes obs-fold (a line starting with whitespace)
            }
            int valueFrom = colon + 1;
            int valueTo = lf - 1;
            while (valueFrom < valueTo && isBlank(buf.getByte(valueFrom))) {
                valueFrom++;
            }
            while (valueTo > valueFrom && isBlank(buf.getByte(valueTo - 1))) {
                valueTo--;
            }
            if (!fieldContent(buf, valueFrom, valueTo)) {
                return Result.UNUSUAL;
            }
            nameStart[fields] = at;
            nameEnd[fields] = colon;
            valueStart[fields] = valueFrom;
            valueEnd[fields] = valueTo;
            fields++;
            at = lf + 1;
        }
    }

    /** The head's length in bytes, CRLF CRLF included. */
    public int length() {
        return end - start;
    }

    public boolean methodIs(AsciiString method) {
        return equalsExact(start, methodEnd, method);
    }

    /** 0 or 1: HTTP/1.0 or HTTP/1.1. */
    public int minorVersion() {
        return minorVersion;
    }

    public int targetStart() {
        return targetStart;
    }

    public int targetEnd() {
        return targetEnd;
    }

    public int fieldCount() {
        return fields;
    }

    /** Whether field {@code i}'s name is {@code lowerCaseName}, ignoring case. */
    public boolean nameIs(int i, AsciiString lowerCaseName) {
        return equalsIgnoringCase(nameStart[i], nameEnd[i], lowerCaseName);
    }

    /** The index of the first field named {@code lowerCaseName}, or -1. */
    public int indexOf(AsciiString lowerCaseName) {
        for (int i = 0; i < fields; i++) {
            if (nameIs(i, lowerCaseName)) {
                return i;
            }
        }
        return -1;
    }

    /** How many fields are named {@code lowerCaseName}. */
    public int count(AsciiString lowerCaseName) {
        int n = 0;
        for (int i = 0; i < fields; i++) {
            if (nameIs(i, lowerCaseName)) {
                n++;
            }
        }
        return n;
    }

    /** The value of the first field named {@code lowerCaseName}, as a string, or null when there is none. */
    public String value(AsciiString lowerCaseName) {
        int i = indexOf(lowerCaseName);
        return i < 0 ? null : buffer.toString(valueStart[i], valueEnd[i] - valueStart[i], StandardCharsets.US_ASCII);
    }

    public int valueStart(int i) {
        return valueStart[i];
    }

    public int valueEnd(int i) {
        return valueEnd[i];
    }

    /** Whether field {@code i}'s value is {@code lowerCaseValue}, ignoring case. */
    public boolean valueIs(int i, AsciiString lowerCaseValue) {
        return equalsIgnoringCase(valueStart[i], valueEnd[i], lowerCaseValue);
    }

    private boolean equalsIgnoringCase(int from, int to, AsciiString lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int k = 0; k < lowerCase.length(); k++) {
            if (lower(buffer.getByte(from + k)) != lowerCase.byteAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of field {@code i} as a non-negative decimal number, or -1 when it is not one
     * (or does not fit a long).
     */
    public long decimalValue(int i) {
        int from = valueStart[i];
        int to = valueEnd[i];
        if (from == to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int k = from; k < to; k++) {
            byte b = buffer.getByte(k);
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private boolean equalsExact(int from, int to, AsciiString text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (buffer.getByte(from + k) != text.byteAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] HTTP_1 = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private static boolean prefix(ByteBuf buf, int at, byte[] bytes) {
        for (int k = 0; k < bytes.length; k++) {
            if (buf.getByte(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    private static Result incompleteOrUnusual(ByteBuf buf, int at, int limit, int maxBytes) {
        return limit - buf.readerIndex() > maxBytes ? Result.UNUSUAL : Result.INCOMPLETE;
    }

    private static int find(ByteBuf buf, int from, int to, byte value) {
        return from >= to ? -1 : buf.indexOf(from, to, value);
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** tchar of RFC 9110 section 5.6.2. */
    private static boolean tokens(ByteBuf buf, int from, int to) {
        for (int k = from; k < to; k++) {
            byte b = buf.getByte(k);
            if (b <= ' ' || b >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(b) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII only: a target with anything else is the codec's to judge. */
    private static boolean visible(ByteBuf buf, int from, int to) {
        for (int k = from; k < to; k++) {
            byte b = buf.getByte(k);
            if (b <= ' ' || b >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** field-content of RFC 9110 section 5.5, without obs-text: visible ASCII, spaces and tabs. */
    private static boolean fieldContent(ByteBuf buf, int from, int to) {
        for (int k = from; k < to; k++) {
            byte b = buf.getByte(k);
            if ((b < ' ' && b != '\t') || b == 0x7f || b < 0) {
                return false;
            }
        }
        return true;
    }
}
