package dev.geocdn.protocol.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code rel=preload} targets of a response's {@code Link} field (RFC 8288 section 3; the
 * preload relation of the W3C Preload specification): what a page tells browsers it will need
 * next, and so what a cache may fetch before they ask.
 *
 * <p>Only targets on the response's own scheme and authority are kept: the node can fetch
 * nothing else through the CDN. Relative references are resolved against the response's URL
 * (RFC 3986 section 5), without their fragment. A {@code rel} may list several relation types separated by spaces
 * (RFC 8288 section 3.3); {@code preload} among them is enough. Malformed members are skipped,
 * never fatal: the field comes from the origin. Pure.
 */
public final class PreloadLinks {

    private PreloadLinks() {
    }

    /**
     * The same-origin preload targets in {@code field}, absolute, in field order, without
     * duplicates, at most {@code max}.
     *
     * @param field the combined {@code Link} field value, or null
     * @param base  the URL the response answered (scheme, authority, path)
     */
    public static List<URI> targets(String field, URI base, int max) {
        List<URI> targets = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return targets;
        }
        for (String member : FieldLists.split(field, ',', true)) {
            if (targets.size() >= max) {
                break;
            }
            int open = member.indexOf('<');
            int close = member.indexOf('>', open + 1);
            if (open < 0 || close < 0 || !member.substring(0, open).isBlank()) {
                continue;
            }
            if (!isPreload(member.substring(close + 1))) {
                continue;
            }
            String reference = member.substring(open + 1, close).strip();
            int hash = reference.indexOf('#');
            URI target;
            try {
                target = base.resolve(hash < 0 ? reference : reference.substring(0, hash));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (sameOrigin(base, target) && !targets.contains(target)) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static boolean isPreload(String parameters) {
        for (String parameter : FieldLists.split(parameters, ';', false)) {
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).strip().equalsIgnoreCase("rel")) {
                continue;
            }
            String value = parameter.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            for (String type : value.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (type.equals("preload")) {
                    return true;
                }
            }
            return false; // RFC 8288 section 3.3: only the first rel counts
        }
        return false;
    }

    private static boolean sameOrigin(URI base, URI target) {
        return target.isAbsolute() && base.getScheme().equalsIgnoreCase(target.getScheme())
                && base.getRawAuthority() != null && base.getRawAuthority().equalsIgnoreCase(target.getRawAuthority());
    }
}
