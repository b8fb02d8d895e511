package dev.geocdn.cache.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Removal of connection-specific fields before a message is forwarded or stored (RFC 9110
 * section 7.6.1): the fixed hop-by-hop fields and every field named in Connection.
 */
public final class HopByHop {

    /** Fields that always describe one connection only. */
    public static final Set<String> FIELDS = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** {@code headers} without hop-by-hop fields. */
    public static Headers strip(Headers headers) {
        Set<String> named = new HashSet<>();
        for (String line : headers.values("Connection")) {
            for (String token : line.split(",")) {
                String name = token.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        for (int i = 0; i < headers.size(); i++) {
            String lower = headers.name(i).toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(lower) && !named.contains(lower)) {
                builder.add(headers.name(i), headers.value(i));
            }
        }
        return builder.build();
    }
}
