package dev.geocdn.invalidation.audit;

import dev.geocdn.invalidation.progress.Applied;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audit trail and the metrics of purges: one line per purge request on the logger
 * {@code geocdn.invalidation.audit} (who, what, how it ended, how long it took), refused ones
 * included, and Prometheus meters:
 * <ul>
 *   <li>{@code geocdn_purges_total{consistency,outcome}}: purge requests by how they ended
 *       ({@code accepted}, {@code applied}, {@code incomplete}, {@code unavailable},
 *       {@code refused}); {@code consistency} is {@code unknown} for requests refused before
 *       their body was read;</li>
 *   <li>{@code geocdn_purge_apply_seconds{region}}: from acceptance to each node's
 *       acknowledgement, a histogram per region.</li>
 * </ul>
 * Lines are {@code key=value} pairs, values quoted when they hold spaces, so that they can be
 * grepped and parsed. Secrets never appear: callers are named by their token's name.
 */
public final class PurgeAudit {

    /** The audit logger's name; route it to its own appender to keep the trail apart. */
    public static final String LOGGER = "geocdn.invalidation.audit";
    /** Targets listed per kind in an audit line; the rest are counted. */
    static final int TARGETS_SHOWN = 10;

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);

    private final MeterRegistry meters;

    public PurgeAudit(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * What one purge was, for its audit line.
     *
     * @param id            the purge's id
     * @param hlcTime       its HLC time, formatted
     * @param consistency   {@code eventual} or {@code strong}
     * @param soft          soft or hard
     * @param urls          its URLs
     * @param prefixes      its prefixes
     * @param surrogateKeys its surrogate keys
     */
    public record Purge(String id, String hlcTime, String consistency, boolean soft, List<String> urls,
                        List<String> prefixes, List<String> surrogateKeys) {
    }

    /** A purge that reached Kafka, or tried to. */
    public void purge(String by, Purge purge, String outcome, int status, Duration took, String detail) {
        count(purge.consistency(), outcome);
        audit.info("purge id={} hlc={} by={} consistency={} soft={} urls={} prefixes={} surrogateKeys={} outcome={}"
                        + " status={} durationMs={}{} targets={}",
                purge.id(), purge.hlcTime(), quote(by), purge.consistency(), purge.soft(), purge.urls().size(),
                purge.prefixes().size(), purge.surrogateKeys().size(), outcome, status, took.toMillis(),
                detail.isEmpty() ? "" : " " + detail,
                quote(shown(purge.urls()) + shown(purge.prefixes()) + shown(purge.surrogateKeys())));
    }

    /**
     * A request that wrote nothing: refused ({@code outcome=refused}: 4xx) or not acknowledged
     * by Kafka ({@code outcome=unavailable}: 503).
     *
     * @param by          the token's name; null when none was recognized
     * @param from        the client's address
     * @param consistency the consistency asked for; null when the body was not read
     */
    public void refused(String by, String from, String consistency, String outcome, int status, String reason) {
        count(consistency, outcome);
        audit.info("purge {} by={} from={} consistency={} status={} reason={}", outcome, quote(by), from,
                consistency == null ? "unknown" : consistency, status, quote(reason));
    }

    /** A node's first acknowledgement of a known purge. */
    public void applied(Applied ack) {
        Timer.builder("geocdn.purge.apply")
                .description("From a purge's acceptance to a node's acknowledgement")
                .tag("region", ack.region())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(meters)
                .record(Duration.ofMillis(ack.appliedMs()));
    }

    private void count(String consistency, String outcome) {
        Counter.builder("geocdn.purges").description("Purge requests by how they ended")
                .tag("consistency", consistency == null ? "unknown" : consistency)
                .tag("outcome", outcome)
                .register(meters).increment();
    }

    private static String shown(List<String> targets) {
        if (targets.isEmpty()) {
            return "";
        }
        String shown = targets.stream().limit(TARGETS_SHOWN).collect(Collectors.joining(" "));
        return (shown + (targets.size() > TARGETS_SHOWN ? " (+" + (targets.size() - TARGETS_SHOWN) + " more)" : "")) + " ";
    }

    /** The value as is when it is one word, else in double quotes with quotes and backslashes escaped. */
    static String quote(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String trimmed = value.strip();
        if (!trimmed.isEmpty() && trimmed.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c < 0x20)) {
            return trimmed;
        }
        return '"' + trimmed.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\p{Cntrl}]", "?") + '"';
    }
}
