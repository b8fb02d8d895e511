package dev.geocdn.node.proxy;

import dev.geocdn.edge.http.RequestHead;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The cache key of the connection's last plain request, kept with the bytes it came from: a
 * connection asking for the same URL again (a client polling, a load test) makes no string
 * for it; another URL makes its key once.
 */
final class KeyMemo {
    private byte[] bytes = new byte[256];
    private int hostLength;
    private int targetLength;
    String key;
    String host;
    String target;

    /** Reads the request's Host and target; false when the Host is not one a key can be made of. */
    boolean update(ByteBuf buf, RequestHead head, int hostField) {
        int hostFrom = head.valueStart(hostField);
        int hostTo = head.valueEnd(hostField);
        int targetFrom = head.targetStart();
        int targetTo = head.targetEnd();
        int hLength = hostTo - hostFrom;
        int tLength = targetTo - targetFrom;
        if (key != null && hLength == hostLength && tLength == targetLength
                && same(buf, hostFrom, hostLength, 0) && same(buf, targetFrom, targetLength, hostLength)) {
            return true;
        }
        if (hLength == 0) {
            return false;
        }
        for (int k = hostFrom; k < hostTo; k++) {
            byte b = buf.getByte(k);
            if (b <= ' ' || b == '/' || b == '@' || b >= 0x7f) {
                return false; // the codec's path answers 400
            }
        }
        if (bytes.length < hLength + tLength) {
            bytes = new byte[Math.max(hLength + tLength, bytes.length * 2)];
        }
        buf.getBytes(hostFrom, bytes, 0, hLength);
        buf.getBytes(targetFrom, bytes, hLength, tLength);
        key = null;
        String rawHost = new String(bytes, 0, hLength, StandardCharsets.ISO_8859_1);
        try {
            host = ClientRequest.normalizeHost(rawHost, "http");
        } catch (BadRequestException e) {
            return false;
        }
        hostLength = hLength;
        targetLength = tLength;
        target = new String(bytes, hLength, tLength, StandardCharsets.ISO_8859_1);
        key = "http://" + host + target;
        return true;
    }

    private boolean same(ByteBuf buf, int from, int length, int at) {
        for (int k = 0; k < length; k++) {
            if (buf.getByte(from + k) != bytes[at + k]) {
                return false;
            }
        }
        return true;
    }
}
