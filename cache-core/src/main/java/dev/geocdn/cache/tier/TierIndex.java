package dev.geocdn.cache.tier;

import java.util.ArrayList;
import java.util.List;

/**
 * The directory index of a persistence tier, which lets a prefix purge find the copies it covers
 * without scanning the tier: each copy is listed under every directory of its URL (each path
 * prefix that ends in a slash), and a purge of a prefix reads the list of the prefix's own
 * directory and keeps the URLs that start with the prefix.
 */
public final class TierIndex {

    private TierIndex() {
    }

    /**
     * The directories {@code url} is listed under: {@code http://h/a/b.png?x} gives
     * {@code http://h/} and {@code http://h/a/}. None for a URL without a path.
     */
    public static List<String> directories(String url) {
        List<String> out = new ArrayList<>(4);
        int scheme = url.indexOf("://");
        int path = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (path < 0) {
            return out;
        }
        int query = url.indexOf('?', path);
        int end = query < 0 ? url.length() : query;
        for (int slash = path; slash >= 0 && slash < end; slash = url.indexOf('/', slash + 1)) {
            out.add(url.substring(0, slash + 1));
        }
        return out;
    }

    /**
     * The directory whose list holds the URLs starting with {@code prefix}: the prefix up to and
     * including its last slash after the authority; for a prefix that is a whole origin
     * ({@code http://h}), that origin's root ({@code http://h/}), whose URLs are the ones a purge
     * of that origin means; null for a prefix without an authority.
     */
    public static String directoryOf(String prefix) {
        int scheme = prefix.indexOf("://");
        if (scheme < 0 || prefix.length() == scheme + 3) {
            return null;
        }
        int path = prefix.indexOf('/', scheme + 3);
        if (path < 0) {
            return prefix + "/";
        }
        int query = prefix.indexOf('?', path);
        int last = prefix.lastIndexOf('/', query < 0 ? prefix.length() - 1 : query);
        return prefix.substring(0, last + 1);
    }
}
