package dev.geocdn.invalidation.auth;

import java.util.Set;

/**
 * Who is asking: the configured name of the token presented, never the secret.
 *
 * @param name   the token's name, as the audit log and metrics show it
 * @param scopes what the token may do
 */
public record Caller(String name, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean may(Scope needed) {
        return scopes.stream().anyMatch(s -> s.covers(needed));
    }
}
