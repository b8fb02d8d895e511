package dev.geocdn.health.dns.provider.route53;

import dev.geocdn.health.dns.GeoDnsAnswers;
import dev.geocdn.health.dns.provider.DnsPlan;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes the plan as Route 53 latency or failover record sets (AWS SDK for Java 2), with a
 * Route 53 health check per region when enabled.
 *
 * <p>Each apply lists the name's record sets (ListResourceRecordSets from the name, page by
 * page while the name lasts), computes the changes with {@link Route53RecordSets}, and sends
 * them, if any, as one ChangeResourceRecordSets batch, which Route 53 applies all or nothing.
 * Reading first is what makes a DELETE safe (Route 53 rejects deleting a record set that does
 * not exist, or with other values) and an unchanged plan free of writes.
 *
 * <p>Requests are signed with SigV4 for the global service (region us-east-1), with a
 * static key from configuration or the SDK's default credentials chain. The SDK's own retries
 * (throttling, 5xx) apply inside one call; {@code DnsRecordsSync} retries whole applies.
 */
public final class Route53Provider implements DnsRecordsProvider {

    /** The name configuration and metrics use. */
    public static final String NAME = "route53";

    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final Route53Properties properties;
    private final Route53Client client;
    private final Route53HealthChecks healthChecks;

    public Route53Provider(Route53Properties properties, Route53Client client) {
        this.properties = properties;
        this.client = client;
        this.healthChecks = new Route53HealthChecks(client, properties.hostedZoneId(), properties.healthChecks());
    }

    /** A provider with its own client, built from the properties. */
    public static Route53Provider create(Route53Properties properties) {
        return new Route53Provider(properties, client(properties));
    }

    static Route53Client client(Route53Properties properties) {
        AwsCredentialsProvider credentials = properties.staticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        Route53ClientBuilder builder = Route53Client.builder()
                // Route 53 is global, but signed for us-east-1: the SDK derives that from aws-global only
                // when it resolves the endpoint itself, not for an endpoint override (it would sign for
                // "aws-global", which Route 53 rejects); us-east-1 resolves to the same global endpoint
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(properties.timeout()).socketTimeout(properties.timeout()));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(DnsPlan plan) {
        List<ResourceRecordSet> desired = Route53RecordSets.desired(plan, properties,
                region -> properties.healthChecks().enabled() ? healthChecks.idFor(plan.name(), region) : null);
        List<Change> changes = Route53RecordSets.changes(desired, list(plan.name()));
        if (changes.isEmpty()) {
            return;
        }
        String comment = "geocdn: " + (plan.failOpen() ? "all regions down, all kept (fail open)"
                : "published " + plan.published().stream().map(DnsPlan.Region::name).toList() + ", withdrawn " + plan.withdrawn());
        try {
            client.changeResourceRecordSets(b -> b.hostedZoneId(properties.hostedZoneId())
                    .changeBatch(batch -> batch.comment(comment).changes(changes)));
        } catch (NoSuchHealthCheckException e) {
            healthChecks.forget(); // deleted by hand since we created it: the retry finds or makes another
            throw e;
        } catch (Route53Exception e) {
            throw explained(e);
        }
    }

    /**
     * Route 53 answers a rejected batch with its own XML shape ({@code <InvalidChangeBatch>
     * <Messages><Message>...}) that the SDK does not parse: the exception has neither code nor
     * message. Its messages are what an operator needs ("... is not permitted in zone ..."), so
     * they are taken from the raw body.
     */
    private static RuntimeException explained(Route53Exception e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() != null || e.awsErrorDetails().rawResponse() == null) {
            return e;
        }
        Matcher m = MESSAGE.matcher(e.awsErrorDetails().rawResponse().asUtf8String());
        List<String> messages = new ArrayList<>();
        while (m.find()) {
            messages.add(m.group(1));
        }
        return messages.isEmpty() ? e : new IllegalStateException("Route 53 rejected the change batch (HTTP " + e.statusCode()
                + "): " + String.join("; ", messages), e);
    }

    /** The A and AAAA record sets under {@code name}, all pages. */
    private List<ResourceRecordSet> list(String name) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        String nextType = null;
        String nextIdentifier = null;
        while (true) {
            String type = nextType;
            String identifier = nextIdentifier;
            ListResourceRecordSetsResponse page = client.listResourceRecordSets(b -> b.hostedZoneId(properties.hostedZoneId())
                    .startRecordName(name).startRecordType(type).startRecordIdentifier(identifier));
            page.resourceRecordSets().stream().filter(s -> Route53RecordSets.owned(s, name)).forEach(sets::add);
            boolean more = Boolean.TRUE.equals(page.isTruncated()) && page.nextRecordName() != null
                    && GeoDnsAnswers.canonical(page.nextRecordName()).equals(name);
            if (!more) {
                return sets;
            }
            nextType = page.nextRecordTypeAsString();
            nextIdentifier = page.nextRecordIdentifier();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
