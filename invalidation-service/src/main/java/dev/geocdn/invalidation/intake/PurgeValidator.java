package dev.geocdn.invalidation.intake;

import dev.geocdn.invalidation.purge.Consistency;
import dev.geocdn.invalidation.purge.PurgeOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Validates a {@link PurgeRequest} into a {@link PurgeOrder}, or refuses it with the first
 * problem found, naming the field and index ({@code prefixes[3]}).
 *
 * <p>Rules:
 * <ul>
 *   <li>at least one URL, prefix or surrogate key; at most {@code maxTargets} together (413:
 *       split the purge);</li>
 *   <li>URLs and prefixes are absolute {@code http} or {@code https} URLs with a host, as clients
 *       request them through the CDN (RFC 3986 §4.3), at most {@code maxUrlLength} characters,
 *       without a fragment (RFC 9110 §7.1: a fragment is never part of the target a server
 *       sees) or user info (RFC 9110 §4.2.4);</li>
 *   <li>they are normalized as RFC 3986 §6.2.2.1 and §6.2.3 allow for http(s): scheme and host
 *       in lower case, the default port dropped, an empty path made {@code /}; path and query
 *       are kept as sent (their case and escapes matter). Duplicates after that are dropped;</li>
 *   <li>surrogate keys are non-blank, at most {@value #MAX_KEY_LENGTH} characters, without
 *       whitespace or control characters (the {@code Surrogate-Key} header separates keys with
 *       spaces, so a key with a space could never have been sent by an origin);</li>
 *   <li>{@code consistency} is {@code eventual} (default) or {@code strong};
 *       {@code timeoutMs} is between 1 and the configured maximum.</li>
 * </ul>
 * Pure and thread-safe.
 */
public final class PurgeValidator {

    /** The longest surrogate key accepted (Fastly's limit for one key is 1024 bytes; ours is tighter). */
    public static final int MAX_KEY_LENGTH = 256;

    private final int maxTargets;
    private final int maxUrlLength;
    private final Duration maxDeadline;

    /**
     * @param maxTargets   URLs, prefixes and keys one purge may name together
     * @param maxUrlLength the longest URL or prefix in characters
     * @param maxDeadline  the longest {@code timeoutMs} a client may ask for
     */
    public PurgeValidator(int maxTargets, int maxUrlLength, Duration maxDeadline) {
        this.maxTargets = maxTargets;
        this.maxUrlLength = maxUrlLength;
        this.maxDeadline = maxDeadline;
    }

    public PurgeOrder validate(PurgeRequest request) {
        List<String> urls = orEmpty(request.urls());
        List<String> prefixes = orEmpty(request.prefixes());
        List<String> keys = orEmpty(request.surrogateKeys());
        int count = urls.size() + prefixes.size() + keys.size();
        if (count == 0) {
            throw IntakeException.badRequest("a purge names at least one target: urls, prefixes or surrogateKeys");
        }
        if (count > maxTargets) {
            throw IntakeException.tooLarge("a purge names at most " + maxTargets
                    + " URLs, prefixes and surrogate keys together; this one names " + count + ": split it");
        }
        Consistency consistency = request.consistency() == null ? Consistency.EVENTUAL
                : Consistency.byWireName(request.consistency()).orElseThrow(() -> IntakeException.badRequest(
                        "consistency must be 'eventual' or 'strong', got '" + request.consistency() + "'"));
        Optional<Duration> timeout = Optional.empty();
        if (request.timeoutMs() != null) {
            if (request.timeoutMs() < 1 || request.timeoutMs() > maxDeadline.toMillis()) {
                throw IntakeException.badRequest("timeoutMs must be between 1 and " + maxDeadline.toMillis()
                        + ", got " + request.timeoutMs());
            }
            timeout = Optional.of(Duration.ofMillis(request.timeoutMs()));
        }
        return new PurgeOrder(urls("urls", urls), urls("prefixes", prefixes), keys(keys),
                Boolean.TRUE.equals(request.soft()), consistency, timeout, count);
    }

    private List<String> urls(String field, List<String> values) {
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            normalized.add(url(field + "[" + i + "]", values.get(i)));
        }
        return new ArrayList<>(normalized);
    }

    /** The URL normalized ({@link TargetUrls#normalize}), or a refusal naming {@code where}. */
    String url(String where, String value) {
        return TargetUrls.normalize(where, value, maxUrlLength);
    }

    private static List<String> keys(List<String> values) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String key = values.get(i);
            String where = "surrogateKeys[" + i + "]";
            if (key == null || key.isBlank()) {
                throw IntakeException.badRequest(where + " must be a non-blank key");
            }
            if (key.length() > MAX_KEY_LENGTH) {
                throw IntakeException.badRequest(where + " is " + key.length() + " characters long; at most "
                        + MAX_KEY_LENGTH + " are accepted");
            }
            if (key.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.isSpaceChar(c))) {
                throw IntakeException.badRequest(where + " must not contain whitespace or control characters"
                        + " (Surrogate-Key separates keys with spaces): '" + key + "'");
            }
            keys.add(key);
        }
        return new ArrayList<>(keys);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
