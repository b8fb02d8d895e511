package dev.geocdn.invalidation.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The configured bearer tokens, and the check of an {@code Authorization} header against them
 * (RFC 6750 §2.1: {@code Authorization: Bearer <token>}, the scheme case-insensitive as in
 * RFC 9110 §11.1).
 *
 * <p>Secrets are held only as SHA-256 digests. A presented token is digested and compared with
 * every configured digest by {@link MessageDigest#isEqual}, which takes the same time whatever
 * the bytes; the loop never stops early. Comparing digests rather than the secrets also makes
 * the time independent of the secrets' lengths. So the time to answer tells an attacker
 * neither how much of a guess was right nor which token it was close to.
 *
 * <p>Immutable and thread-safe.
 */
public final class BearerTokens {

    private static final String SCHEME = "bearer";

    private final List<Entry> entries;

    /**
     * A configured token.
     *
     * @param secret the bearer token itself
     * @param caller who presenting it makes you
     */
    public record Credential(String secret, Caller caller) {

        @Override
        public String toString() {
            return "Credential[" + caller + "]";
        }
    }

    private record Entry(byte[] digest, Caller caller) {
    }

    public BearerTokens(List<Credential> credentials) {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("at least one token is needed");
        }
        this.entries = credentials.stream().map(c -> new Entry(sha256(c.secret()), c.caller())).toList();
    }

    /** Decides on the {@code Authorization} header's value (null when absent) for {@code needed}. */
    public AuthVerdict check(String authorization, Scope needed) {
        if (authorization == null || authorization.isBlank()) {
            return new AuthVerdict.Missing();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return new AuthVerdict.Invalid("expected Authorization: Bearer <token>");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty()) {
            return new AuthVerdict.Invalid("the bearer token is empty");
        }
        Caller caller = authenticate(token);
        if (caller == null) {
            return new AuthVerdict.Invalid("unknown token");
        }
        return caller.may(needed) ? new AuthVerdict.Allowed(caller) : new AuthVerdict.Forbidden(caller, needed);
    }

    /** The caller whose secret is {@code token}, or null; constant time in the number of tokens. */
    Caller authenticate(String token) {
        byte[] presented = sha256(token);
        Caller found = null;
        for (Entry entry : entries) {
            boolean equal = MessageDigest.isEqual(presented, entry.digest());
            found = equal ? entry.caller() : found;
        }
        return found;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
