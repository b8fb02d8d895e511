package dev.geocdn.health.dns.provider.clouddns;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Google Cloud DNS provider, under {@code cdn.health.dns.cloud-dns.*}. Checked when bound,
 * so that a provider enabled with a missing setting stops the service at start-up with the
 * property's name.
 *
 * @param enabled         whether to publish the CDN's name in Cloud DNS
 * @param project         the Google Cloud project of the managed zone; required when enabled
 * @param managedZone     the managed zone's name (not its DNS name) that holds
 *                        {@code cdn.health.dns.name}; required when enabled
 * @param endpoint        the API's base URL; unset for Google's own
 *                        ({@code https://dns.googleapis.com}). Set it for a stand-in in tests or
 *                        a Private Service Connect endpoint
 * @param credentialsFile a service account key (JSON); unset for Application Default
 *                        Credentials (workload identity, {@code GOOGLE_APPLICATION_CREDENTIALS},
 *                        the metadata server), which production should prefer
 * @param anonymous       send no credentials at all: only for stand-ins and emulators
 * @param regions         our region to its Cloud DNS geo location, a Google Cloud region
 *                        ({@code us-west: {location: us-west1}}); required for every region with
 *                        addresses, each location at most once
 * @param timeout         connect and read timeout of each API call
 */
public record CloudDnsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String project,
        @DefaultValue("") String managedZone,
        URI endpoint,
        Path credentialsFile,
        @DefaultValue("false") boolean anonymous,
        @DefaultValue Map<String, Region> regions,
        @DefaultValue("10s") Duration timeout) {

    /**
     * Where one of our regions is for Cloud DNS.
     *
     * @param location the Google Cloud region whose nearby clients get this region's addresses
     */
    public record Region(String location) {
    }

    public CloudDnsProperties {
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        if (enabled && (project == null || project.isBlank())) {
            throw new IllegalArgumentException(
                    "cdn.health.dns.cloud-dns.project is required when cdn.health.dns.cloud-dns.enabled=true");
        }
        if (enabled && (managedZone == null || managedZone.isBlank())) {
            throw new IllegalArgumentException(
                    "cdn.health.dns.cloud-dns.managed-zone is required when cdn.health.dns.cloud-dns.enabled=true");
        }
        if (anonymous && credentialsFile != null) {
            throw new IllegalArgumentException("cdn.health.dns.cloud-dns.anonymous and credentials-file exclude each other");
        }
    }

    /** Checks the settings that depend on which regions have addresses; throws naming the property. */
    public void validateAgainst(Set<String> regionsWithAddresses) {
        if (!enabled) {
            return;
        }
        Map<String, String> regionByLocation = new HashMap<>();
        regionsWithAddresses.stream().sorted().forEach(region -> {
            Region where = regions.get(region);
            if (where == null || where.location() == null || where.location().isBlank()) {
                throw new IllegalArgumentException("cdn.health.dns.cloud-dns.regions." + region + ".location is required");
            }
            String other = regionByLocation.putIfAbsent(where.location(), region);
            if (other != null) {
                throw new IllegalArgumentException("cdn.health.dns.cloud-dns.regions: " + other + " and " + region
                        + " both have location " + where.location() + " (a geo policy names each location once)");
            }
        });
    }

    /** The location of one of our regions. */
    public String location(String region) {
        return regions.get(region).location();
    }
}
