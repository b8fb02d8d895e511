package dev.geocdn.protocol.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 block in CIDR notation ({@code 127.0.1.0/24}, {@code 2001:db8::/32}), for
 * trusted-proxy lists, client-to-region tables and EDNS Client Subnet matching.
 *
 * <p>Parsing never resolves names: only literal addresses are accepted, so a table can never
 * trigger DNS lookups. An IPv4 address never matches an IPv6 block and the reverse (an
 * IPv4-mapped IPv6 client address is unmapped first by {@link #contains}).
 *
 * @param network the block's first address, host bits cleared
 * @param prefix  the number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + network.getHostAddress());
        }
        network = masked(network, prefix);
    }

    /** Parses {@code address/prefix}, or a bare address as a single-host block. */
    public static Cidr parse(String text) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        InetAddress parsed = literal(address, text);
        int bits = parsed.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(spec.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: '" + text + "' (prefix is not a number)");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not a CIDR block: '" + text + "' (prefix must be 0.." + bits + ")");
        }
        return new Cidr(parsed, prefix);
    }

    /** Whether the address lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address.getAddress());
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (net[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    /** Parses an IP literal (never a host name) or throws with the offending text. */
    public static InetAddress literal(String address, String context) {
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        boolean v4 = a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = a.indexOf(':') >= 0 && a.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address: '" + context + "'");
        }
        if (v4) {
            for (String part : a.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("not an IP address: '" + context + "'");
                }
            }
        }
        try {
            return InetAddress.getByName(a); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + context + "'");
        }
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: length is 4 or 16
        }
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
        }
        return bytes;
    }
}
