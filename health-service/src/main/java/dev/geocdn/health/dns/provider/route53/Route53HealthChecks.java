package dev.geocdn.health.dns.provider.route53;

import dev.geocdn.health.dns.provider.DnsPlan;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One Route 53 health check per region's gateway, created once and found again after a restart
 * without any state of ours.
 *
 * <p>Idempotence comes from Route 53's CallerReference: CreateHealthCheck with the reference and
 * settings of an existing check returns that check instead of creating another. Our reference is
 * a digest of everything the check is made of (zone, name, address, protocol, port, path,
 * interval, threshold), so the same settings always give the same check, and changed settings
 * a new one. Route 53 refuses a reference that belonged to a deleted check (someone removed it
 * by hand) with HealthCheckAlreadyExists; we then look it up with ListHealthChecks and, if it is
 * gone, move to the next generation of the reference. Ids are kept in memory, so a steady state
 * costs no calls; they are forgotten when Route 53 answers NoSuchHealthCheck.
 *
 * <p>The check probes the region's first address (A records' family first): Route 53 attaches
 * one health check to a record set, so a gateway with several addresses is judged by one.
 * Checks are never deleted here: a region that comes back reuses its check, and the checks cost
 * little. Not thread-safe: used by the provider's single worker.
 */
final class Route53HealthChecks {

    /** How many generations of a reference to try before giving up (each needs a deleted check). */
    static final int GENERATIONS = 5;

    private final Route53Client client;
    private final String hostedZoneId;
    private final Route53Properties.HealthChecks settings;
    private final Map<String, String> idsByReference = new HashMap<>();

    Route53HealthChecks(Route53Client client, String hostedZoneId, Route53Properties.HealthChecks settings) {
        this.client = client;
        this.hostedZoneId = hostedZoneId;
        this.settings = settings;
    }

    /** The id of the health check of {@code region}'s gateway, creating it if needed. */
    String idFor(String name, DnsPlan.Region region) {
        InetAddress address = region.addresses().stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(region.addresses().getFirst());
        HealthCheckConfig config = config(name, address.getHostAddress());
        String base = reference(String.join("|", hostedZoneId, config.fullyQualifiedDomainName(), config.ipAddress(),
                config.typeAsString(), String.valueOf(config.port()), config.resourcePath(),
                String.valueOf(config.requestInterval()), String.valueOf(config.failureThreshold())));
        for (int generation = 0; generation < GENERATIONS; generation++) {
            String reference = generation == 0 ? base : base + "-" + generation;
            String known = idsByReference.get(reference);
            if (known != null) {
                return known;
            }
            Optional<String> id = create(reference, config);
            if (id.isPresent()) {
                idsByReference.put(reference, id.get());
                return id.get();
            }
        }
        throw new IllegalStateException("no usable CallerReference for the health check of " + region.name()
                + " after " + GENERATIONS + " generations (were its health checks deleted by hand?)");
    }

    /** Forgets the ids it knows, after Route 53 said one of them no longer exists. */
    void forget() {
        idsByReference.clear();
    }

    /** The check's id; empty when the reference belonged to a check that was deleted. */
    private Optional<String> create(String reference, HealthCheckConfig config) {
        try {
            return Optional.of(client.createHealthCheck(b -> b.callerReference(reference).healthCheckConfig(config))
                    .healthCheck().id());
        } catch (HealthCheckAlreadyExistsException e) {
            return client.listHealthChecksPaginator(b -> { }).healthChecks().stream()
                    .filter(c -> reference.equals(c.callerReference())).map(HealthCheck::id).findFirst();
        }
    }

    private HealthCheckConfig config(String name, String address) {
        boolean https = settings.protocol() == Route53Properties.Protocol.HTTPS;
        return HealthCheckConfig.builder()
                .ipAddress(address)
                .port(settings.port())
                .type(https ? HealthCheckType.HTTPS : HealthCheckType.HTTP)
                .resourcePath(settings.path())
                // the Host header (and SNI) the gateway sees: the CDN's name, without the root dot
                .fullyQualifiedDomainName(name.endsWith(".") ? name.substring(0, name.length() - 1) : name)
                .enableSNI(https ? Boolean.TRUE : null)
                .requestInterval(settings.requestInterval())
                .failureThreshold(settings.failureThreshold())
                .build();
    }

    /** A CallerReference (at most 64 characters) that depends on nothing but the settings. */
    static String reference(String settings) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
            return "geocdn-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
