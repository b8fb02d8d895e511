package dev.geocdn.cache.vary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Canonical forms of the weighted preference lists that clients send in many spellings for one
 * meaning (RFC 9110 section 12.4.2: {@code Accept-Language}, {@code Accept-Encoding}), so that
 * requests which mean the same select the same stored variant (RFC 9111 section 4.1 allows
 * normalizing "in a way that is known to have identical semantics, according to the header
 * field's specification").
 *
 * <p>What does not change meaning, and so is normalized: whitespace, the case of language tags
 * and content codings (both case-insensitive), how a weight is written ({@code q=0.50} is
 * {@code q=0.5}, {@code q=1} is no weight), a member repeated (the first one counts). For
 * {@code Accept-Encoding} the order is insignificant (the weights decide), so members are
 * sorted by name, and {@code x-gzip} is {@code gzip} (RFC 9110 section 8.4.1.3). For
 * {@code Accept-Language} order breaks ties between equal weights, so members are only sorted
 * by weight, stably. A member that does not parse is kept as written, and nothing is dropped:
 * {@code q=0} means "not acceptable", which differs from absent when {@code *} is present.
 */
final class WeightedList {

    /** One member: a lower-cased value and its weight in thousandths. */
    private record Member(String value, int weight) {
        String format() {
            if (weight == 1000) {
                return value;
            }
            String q = String.format(Locale.ROOT, "%d.%03d", weight / 1000, weight % 1000).replaceAll("0+$", "");
            return value + ";q=" + (q.endsWith(".") ? q.substring(0, q.length() - 1) : q);
        }
    }

    /** Normalizers by lower-case field name. */
    static final Map<String, UnaryOperator<String>> BY_FIELD = Map.of(
            "accept-language", WeightedList::acceptLanguage,
            "accept-encoding", WeightedList::acceptEncoding);

    private WeightedList() {
    }

    /** {@code Accept-Language} in canonical form (RFC 9110 section 12.5.4). */
    static String acceptLanguage(String value) {
        List<Member> members = parse(value, UnaryOperator.identity());
        if (members == null) {
            return value;
        }
        members.sort(Comparator.comparingInt(Member::weight).reversed());
        return join(members);
    }

    /** {@code Accept-Encoding} in canonical form (RFC 9110 section 12.5.3). */
    static String acceptEncoding(String value) {
        List<Member> members = parse(value, coding -> coding.equals("x-gzip") ? "gzip"
                : coding.equals("x-compress") ? "compress" : coding);
        if (members == null) {
            return value;
        }
        members.sort(Comparator.comparing(Member::value));
        return join(members);
    }

    private static String join(List<Member> members) {
        StringBuilder out = new StringBuilder();
        for (Member m : members) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(m.format());
        }
        return out.toString();
    }

    /** The members in order, without repeats; null when a member does not parse. */
    private static List<Member> parse(String value, UnaryOperator<String> alias) {
        List<Member> members = new ArrayList<>();
        for (String part : value.split(",")) {
            String member = part.strip();
            if (member.isEmpty()) {
                continue; // RFC 9110 section 5.6.1: empty list elements are ignored
            }
            String[] pieces = member.split(";");
            String name = alias.apply(pieces[0].strip().toLowerCase(Locale.ROOT));
            if (name.isEmpty() || !isToken(name)) {
                return null;
            }
            int weight = 1000;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip().toLowerCase(Locale.ROOT);
                if (!parameter.startsWith("q=")) {
                    return null; // a parameter other than the weight: keep the value as sent
                }
                weight = weight(parameter.substring(2).strip());
                if (weight < 0) {
                    return null;
                }
            }
            if (members.stream().noneMatch(m -> m.value().equals(name))) {
                members.add(new Member(name, weight));
            }
        }
        return members;
    }

    // RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    private static int weight(String q) {
        if (q.isEmpty() || (q.charAt(0) != '0' && q.charAt(0) != '1')) {
            return -1;
        }
        int whole = q.charAt(0) - '0';
        if (q.length() == 1) {
            return whole * 1000;
        }
        if (q.charAt(1) != '.' || q.length() > 5) {
            return -1;
        }
        int thousandths = 0;
        for (int i = 2; i < 5; i++) {
            char c = i < q.length() ? q.charAt(i) : '0';
            if (c < '0' || c > '9') {
                return -1;
            }
            thousandths = thousandths * 10 + (c - '0');
        }
        return whole == 1 && thousandths > 0 ? -1 : whole * 1000 + thousandths;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
