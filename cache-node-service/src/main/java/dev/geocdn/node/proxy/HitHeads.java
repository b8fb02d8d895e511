package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.protocol.http.CacheStatus;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.CharsetUtil;

import java.nio.charset.StandardCharsets;

/**
 * A hit's response head written as bytes into the response's buffer, making no object: what
 * {@link HitFastPath} has Netty's codec encode for the same hit, field for field.
 */
final class HitHeads {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] AGE = "Age: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CACHE_STATUS = "Cache-Status: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH_FIELD = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPT_RANGES = "Accept-Ranges: bytes\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ClientFields clientFields;
    /** "<node>; hit; ttl=": this node's Cache-Status entry up to its ttl. */
    private final byte[] hitStatus;

    HitHeads(String nodeId, ClientFields clientFields) {
        this.clientFields = clientFields;
        this.hitStatus = CacheStatus.hit(nodeId, 0).toString().replaceFirst("ttl=0$", "ttl=")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The head {@link HitFastPath} writes: the status line, the stored fields clients see, then
     * Age, Cache-Status, Content-Length and (for a 200) Accept-Ranges, which replace stored ones.
     */
    void write(ByteBuf out, StoredResponse stored, long now, long length) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(stored.status());
        out.writeCharSequence("HTTP/1.1 ", CharsetUtil.US_ASCII);
        out.writeCharSequence(status.codeAsText(), CharsetUtil.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(status.reasonPhrase(), CharsetUtil.ISO_8859_1);
        out.writeBytes(CRLF);
        Headers fields = stored.headers();
        boolean ranges = stored.status() == 200;
        String upstreamStatus = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            String name = fields.name(i);
            if (name.equalsIgnoreCase("Cache-Status")) {
                upstreamStatus = upstreamStatus == null ? fields.value(i) : upstreamStatus + ", " + fields.value(i);
                continue;
            }
            if (name.equalsIgnoreCase("Age") || name.equalsIgnoreCase("Content-Length")
                    || (ranges && name.equalsIgnoreCase("Accept-Ranges")) || !clientFields.passes(name)) {
                continue;
            }
            out.writeCharSequence(name, CharsetUtil.ISO_8859_1);
            out.writeByte(':').writeByte(' ');
            out.writeCharSequence(fields.value(i), CharsetUtil.ISO_8859_1);
            out.writeBytes(CRLF);
        }
        out.writeBytes(AGE);
        writeDecimal(out, stored.ageSeconds(now));
        out.writeBytes(CRLF);
        out.writeBytes(CACHE_STATUS);
        if (upstreamStatus != null && !upstreamStatus.isBlank()) {
            out.writeCharSequence(upstreamStatus, CharsetUtil.ISO_8859_1);
            out.writeByte(',').writeByte(' ');
        }
        out.writeBytes(hitStatus);
        writeDecimal(out, Math.floorDiv(stored.remainingMillis(now), 1000));
        out.writeBytes(CRLF);
        out.writeBytes(CONTENT_LENGTH_FIELD);
        writeDecimal(out, length);
        out.writeBytes(CRLF);
        if (ranges) {
            out.writeBytes(ACCEPT_RANGES);
        }
        out.writeBytes(CRLF);
    }

    /** Writes {@code value} in decimal ASCII, making no string. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value < 0) {
            out.writeByte('-');
            if (value == Long.MIN_VALUE) {
                out.writeCharSequence(Long.toString(value).substring(1), CharsetUtil.US_ASCII);
                return;
            }
            value = -value;
        }
        long divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte((int) ('0' + (value / divisor) % 10));
        }
    }
}
