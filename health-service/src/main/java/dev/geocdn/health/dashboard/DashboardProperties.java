package dev.geocdn.health.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The operator dashboard (the page at {@code /}), under {@code cdn.health.dashboard.*}.
 *
 * @param scrapeInterval  how often every node and gateway is scraped while the dashboard is
 *                        watched, and how often the stream sends a snapshot
 * @param scrapeTimeout   connect and answer timeout of one scrape; a slower target misses that point
 * @param window          the span rates, ratios and quantiles are computed over; at least two
 *                        scrape intervals, so that it always holds two scrapes
 * @param idleAfter       how long scraping goes on after the last snapshot was taken: an
 *                        unwatched dashboard costs the nodes nothing
 * @param recentPurges    how many of the latest purges are shown
 * @param recentFailovers how many of the latest state changes are shown
 */
@Validated
@ConfigurationProperties("cdn.health.dashboard")
public record DashboardProperties(
        @DurationMin(millis = 100) @DefaultValue("1s") Duration scrapeInterval,
        @DurationMin(inclusive = false) @DefaultValue("800ms") Duration scrapeTimeout,
        @DurationMin(inclusive = false) @DefaultValue("10s") Duration window,
        @DurationMin(inclusive = false) @DefaultValue("1m") Duration idleAfter,
        @Min(1) @Max(1000) @DefaultValue("10") int recentPurges,
        @Min(1) @Max(1000) @DefaultValue("20") int recentFailovers) {

    public DashboardProperties {
        if (window != null && scrapeInterval != null && window.compareTo(scrapeInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("cdn.health.dashboard.window (" + window
                    + ") must be at least twice cdn.health.dashboard.scrape-interval (" + scrapeInterval
                    + "), so that it holds two scrapes");
        }
    }
}
