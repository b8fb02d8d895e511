package dev.geocdn.gateway.routing.geo;

import dev.geocdn.protocol.net.Cidr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB file (format 2.0, as published at maxmind.github.io/MaxMind-DB):
 * an IPv6 search tree with 32-bit records (IPv4 networks under {@code ::/96}), a data section
 * and the metadata. GeoLite2 databases cannot be downloaded here and no writer is on Maven
 * Central, so tests build their own database and read it with MaxMind's real reader.
 */
public final class MmdbFile {

    private static final class Node {
        final Object[] child = new Object[2]; // Node, Integer (data offset) or null
    }

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public MmdbFile(String databaseType) {
        this.databaseType = databaseType;
    }

    /** Maps a network (IPv4 or IPv6 CIDR, none overlapping another) to a record. */
    public MmdbFile network(String cidr, Map<String, Object> record) {
        Cidr block = Cidr.parse(cidr);
        byte[] address = block.network().getAddress();
        int offset = address.length == 4 ? 96 : 0;
        byte[] bits = new byte[16];
        System.arraycopy(address, 0, bits, 16 - address.length, address.length);
        int prefix = block.prefix() + offset;
        int dataOffset = data.size();
        encode(record, data);
        Node node = root;
        for (int i = 0; i < prefix - 1; i++) {
            int bit = bit(bits, i);
            if (node.child[bit] == null) {
                node.child[bit] = new Node();
            }
            node = (Node) node.child[bit];
        }
        node.child[bit(bits, prefix - 1)] = dataOffset;
        return this;
    }

    /** A GeoIP2-Country-shaped record. */
    public static Map<String, Object> country(String isoCode, String continentCode) {
        Map<String, Object> record = new LinkedHashMap<>();
        if (continentCode != null) {
            record.put("continent", Map.of("code", continentCode));
        }
        if (isoCode != null) {
            record.put("country", Map.of("iso_code", isoCode));
        }
        return record;
    }

    public void writeTo(Path file) {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> ids = new IdentityHashMap<>();
        number(root, nodes, ids);
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.child) {
                long value = child == null ? count
                        : child instanceof Node n ? ids.get(n)
                        : count + 16L + (Integer) child;
                out.write((int) (value >>> 24));
                out.write((int) (value >>> 16));
                out.write((int) (value >>> 8));
                out.write((int) value);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new UInt16(2));
        metadata.put("binary_format_minor_version", new UInt16(0));
        metadata.put("build_epoch", new UInt64(1_700_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "GeoCDN test database"));
        metadata.put("ip_version", new UInt16(6));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new UInt32(count));
        metadata.put("record_size", new UInt16(32));
        encode(metadata, out);
        try {
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(Node node, List<Node> nodes, Map<Node, Integer> ids) {
        ids.put(node, nodes.size());
        nodes.add(node);
        for (Object child : node.child) {
            if (child instanceof Node n) {
                number(n, nodes, ids);
            }
        }
    }

    private static int bit(byte[] bits, int index) {
        return (bits[index / 8] >> (7 - index % 8)) & 1;
    }

    private record UInt16(int value) { }

    private record UInt32(long value) { }

    private record UInt64(long value) { }

    @SuppressWarnings("unchecked")
    private static void encode(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                control(2, bytes.length, out);
                out.writeBytes(bytes);
            }
            case Map<?, ?> map -> {
                control(7, map.size(), out);
                ((Map<String, Object>) map).forEach((k, v) -> {
                    encode(k, out);
                    encode(v, out);
                });
            }
            case List<?> list -> {
                extended(11, list.size(), out);
                list.forEach(v -> encode(v, out));
            }
            case UInt16 u -> unsigned(5, u.value(), out);
            case UInt32 u -> unsigned(6, u.value(), out);
            case UInt64 u -> unsigned(9, u.value(), out);
            default -> throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        if (type > 7) {
            extended(type, length, out);
        } else {
            control(type, length, out);
        }
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private static void control(int type, int size, ByteArrayOutputStream out) {
        if (size < 29) {
            out.write(type << 5 | size);
        } else if (size < 285) {
            out.write(type << 5 | 29);
            out.write(size - 29);
        } else {
            throw new IllegalArgumentException("test records stay small");
        }
    }

    private static void extended(int type, int size, ByteArrayOutputStream out) {
        if (size >= 29) {
            throw new IllegalArgumentException("test records stay small");
        }
        out.write(size);
        out.write(type - 7);
    }
}
