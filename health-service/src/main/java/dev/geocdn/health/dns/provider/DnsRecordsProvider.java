package dev.geocdn.health.dns.provider;

/**
 * A managed DNS service that holds the CDN's name for users who keep their zone there instead
 * of delegating it to our own geo-DNS server ({@code GeoDnsServer}). Configuration selects
 * providers by {@link #name()} ({@code cdn.health.dns.route53}, {@code cdn.health.dns.cloud-dns}).
 *
 * <p>Contract: {@link #apply} makes the provider's A and AAAA record sets of
 * {@link DnsPlan#name()} match the plan, reading the current state first, so that it is
 * idempotent, repairs drift (records edited by hand, a previous apply that half-failed) and
 * writes nothing when nothing differs. All writes of one plan go in one atomic change where the
 * API has one. The provider owns those record sets: anything else under the name and type is
 * replaced. It throws on any failure; {@link DnsRecordsSync} retries.
 *
 * <p>Called from one thread at a time.
 */
public interface DnsRecordsProvider extends AutoCloseable {

    /** The name configuration and metrics use ({@code route53}, {@code cloud-dns}). */
    String name();

    /** Makes the provider's records match the plan, or throws. */
    void apply(DnsPlan plan);

    /** Releases the provider's HTTP client. */
    @Override
    default void close() {
    }
}
