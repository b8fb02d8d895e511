package dev.geocdn.health.dns.provider.clouddns;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.dns.Dns;
import com.google.api.services.dns.model.Change;
import com.google.api.services.dns.model.ResourceRecordSet;
import com.google.api.services.dns.model.ResourceRecordSetsListResponse;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.dns.DnsException;
import com.google.cloud.dns.DnsOptions;
import com.google.cloud.http.HttpTransportOptions;
import dev.geocdn.health.dns.provider.DnsPlan;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the plan as Cloud DNS record sets with a geo routing policy, through Google's
 * official client: {@code google-cloud-dns} for the options (endpoint as {@code host},
 * credentials, timeouts) and errors ({@link DnsException}), and the generated Cloud DNS v1
 * client it is built on ({@code com.google.api.services.dns}) for the calls.
 *
 * <p>Why not {@code google-cloud-dns}'s own {@code Dns} service or its {@code DnsRpc}: the
 * service's {@code RecordSet} has no routing policy (reading a geo record set through it drops
 * the policy), and {@code HttpDnsRpc.listRecordSets} fails with a NullPointerException when a
 * list has no record sets (Google's JSON then has no {@code rrsets} field at all, which the
 * library's own batch path allows for). The generated client has {@code RRSetRoutingPolicy} and
 * leaves the missing list to us.
 *
 * <p>Each apply lists the name's record sets, computes the change with
 * {@link CloudDnsRecordSets}, and creates it, if any: one change, which Cloud DNS applies
 * atomically. It does not wait for the change to be {@code done} (propagation takes seconds;
 * the next apply reads the record sets back either way).
 */
public final class CloudDnsProvider implements DnsRecordsProvider {

    /** The name configuration and metrics use. */
    public static final String NAME = "cloud-dns";

    private final CloudDnsProperties properties;
    private final Dns dns;

    public CloudDnsProvider(CloudDnsProperties properties, Dns dns) {
        this.properties = properties;
        this.dns = dns;
    }

    /** A provider with its own client, built from the properties. */
    public static CloudDnsProvider create(CloudDnsProperties properties) {
        return new CloudDnsProvider(properties, client(options(properties)));
    }

    /** The generated client, configured as {@code google-cloud-dns} would configure it from {@code options}. */
    static Dns client(DnsOptions options) {
        HttpTransportOptions transport = (HttpTransportOptions) options.getTransportOptions();
        return new Dns.Builder(transport.getHttpTransportFactory().create(), GsonFactory.getDefaultInstance(),
                transport.getHttpRequestInitializer(options))
                .setRootUrl(options.getHost())
                .setApplicationName(options.getApplicationName())
                .build();
    }

    static DnsOptions options(CloudDnsProperties properties) {
        int timeoutMillis = Math.toIntExact(properties.timeout().toMillis());
        DnsOptions.Builder builder = DnsOptions.newBuilder()
                .setProjectId(properties.project())
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(timeoutMillis).setReadTimeout(timeoutMillis).build());
        if (properties.endpoint() != null) {
            builder.setHost(properties.endpoint().toString());
        }
        if (properties.anonymous()) {
            builder.setCredentials(NoCredentials.getInstance());
        } else if (properties.credentialsFile() != null) {
            try (InputStream in = Files.newInputStream(properties.credentialsFile())) {
                builder.setCredentials(ServiceAccountCredentials.fromStream(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read cdn.health.dns.cloud-dns.credentials-file "
                        + properties.credentialsFile(), e);
            }
        }
        return builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(DnsPlan plan) {
        Change change = CloudDnsRecordSets.change(CloudDnsRecordSets.desired(plan, properties), list(plan.name()));
        if (change == null) {
            return;
        }
        try {
            dns.changes().create(properties.project(), properties.managedZone(), change).execute();
        } catch (IOException e) {
            throw new DnsException(e, false);
        }
    }

    /** The A and AAAA record sets named {@code name}, all pages. */
    private List<ResourceRecordSet> list(String name) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        String pageToken = null;
        do {
            ResourceRecordSetsListResponse page;
            try {
                page = dns.resourceRecordSets().list(properties.project(), properties.managedZone())
                        .setName(name).setPageToken(pageToken).execute();
            } catch (IOException e) {
                throw new DnsException(e, true);
            }
            if (page.getRrsets() != null) { // absent when there is none
                page.getRrsets().stream().filter(s -> CloudDnsRecordSets.owned(s, name)).forEach(sets::add);
            }
            pageToken = page.getNextPageToken();
        } while (pageToken != null);
        return sets;
    }
}
