package dev.geocdn.protocol.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the entries of a {@code Cache-Status} field value back into {@link CacheStatus}
 * records: what a caller of a cache (a warming job, a client) needs to tell a hit from a
 * stored fill without guessing from timings.
 *
 * <p>RFC 9211 section 2 makes the field an RFC 8941 List: members separated by commas, each a
 * Token or String (the cache's name) with parameters after semicolons. This reader is
 * lenient where RFC 8941 is strict (surrounding whitespace, unknown parameters and
 * unknown {@code fwd} reasons are skipped rather than failing the whole field), because a
 * field written by another cache in front of the origin must never make ours unreadable.
 */
public final class CacheStatusReader {

    private CacheStatusReader() {
    }

    /** Every entry of {@code field}, in field order (nearest the origin first); empty for null or blank. */
    public static List<CacheStatus> read(String field) {
        List<CacheStatus> entries = new ArrayList<>();
        if (field == null) {
            return entries;
        }
        for (String member : FieldLists.split(field, ',', false)) {
            List<String> parts = FieldLists.split(member, ';', false);
            String name = unquote(parts.get(0).trim());
            if (name.isEmpty()) {
                continue;
            }
            CacheStatus entry = new CacheStatus(name, false, null, 0, null, false, false, null, null);
            for (int i = 1; i < parts.size(); i++) {
                entry = withParameter(entry, parts.get(i).trim());
            }
            entries.add(entry);
        }
        return entries;
    }

    private static CacheStatus withParameter(CacheStatus entry, String parameter) {
        int eq = parameter.indexOf('=');
        String key = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? null : unquote(parameter.substring(eq + 1).trim());
        boolean flag = value == null || value.equals("?1");
        return switch (key) {
            case "hit" -> flag ? new CacheStatus(entry.cacheName(), true, entry.fwd(), entry.fwdStatus(), entry.ttl(),
                    entry.stored(), entry.collapsed(), entry.detail(), entry.tier()) : entry;
            case "stored" -> entry.withStored(flag);
            case "collapsed" -> entry.withCollapsed(flag);
            case "fwd" -> {
                for (CacheStatus.Fwd fwd : CacheStatus.Fwd.values()) {
                    if (fwd.token().equals(value)) {
                        yield new CacheStatus(entry.cacheName(), entry.hit(), fwd, entry.fwdStatus(), entry.ttl(),
                                entry.stored(), entry.collapsed(), entry.detail(), entry.tier());
                    }
                }
                yield entry;
            }
            case "fwd-status" -> integer(value) == null ? entry : entry.withFwdStatus(integer(value).intValue());
            case "ttl" -> integer(value) == null ? entry : entry.withTtl(integer(value));
            case "detail" -> value == null ? entry : entry.withDetail(value);
            case "tier" -> value == null ? entry : entry.withTier(value);
            default -> entry;
        };
    }

    private static Long integer(String value) {
        if (value == null || value.isEmpty() || value.length() > 16) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An RFC 8941 String's content, unescaped; a Token as it is. */
    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
