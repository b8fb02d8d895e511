package dev.geocdn.protocol.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Forwarded} header (RFC 7239): how a chain of proxies tells the next hop who the
 * client was, which Host it asked for and over which scheme. GeoCDN's gateways append one
 * element per hop; cache nodes read the first element's {@code proto} so that cache keys and
 * purges name the public URL (docs/architecture.md, "A GET").
 *
 * <p>Elements are separated by commas, pairs by semicolons; values may be quoted strings
 * (section 4). Parsing is lenient: a malformed pair is skipped, never an error.
 */
public final class Forwarded {

    private Forwarded() {
    }

    /** The value of {@code name} in the first element that has it, unquoted. */
    public static Optional<String> first(List<String> headerValues, String name) {
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                        return Optional.of(unquote(pair.substring(eq + 1).strip()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The address of a {@code for=} value ({@code 192.0.2.1}, {@code "[2001:db8::1]:4711"}),
     * or empty for obfuscated identifiers ({@code unknown}, {@code _hidden}).
     */
    public static Optional<InetAddress> address(String forValue) {
        String v = forValue.strip();
        String host;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = v.substring(1, close);
        } else {
            int colon = v.indexOf(':');
            host = colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
        }
        try {
            return Optional.of(dev.geocdn.protocol.net.Cidr.literal(host, forValue));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One element for this hop: {@code for=...;host=...;proto=...}, quoting where RFC 7239 needs it. */
    public static String element(InetAddress client, String host, String proto) {
        String forValue = client instanceof Inet6Address ? "\"[" + client.getHostAddress() + "]\"" : client.getHostAddress();
        StringBuilder out = new StringBuilder("for=").append(forValue);
        if (host != null && !host.isEmpty()) {
            out.append(";host=").append(quoteIfNeeded(host));
        }
        return out.append(";proto=").append(proto.toLowerCase(Locale.ROOT)).toString();
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return value;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
