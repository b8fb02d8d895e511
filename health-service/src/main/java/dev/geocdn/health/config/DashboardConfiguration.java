package dev.geocdn.health.config;

import dev.geocdn.health.dashboard.Dashboard;
import dev.geocdn.health.dashboard.DashboardProperties;
import dev.geocdn.health.dashboard.MetricsScraper;
import dev.geocdn.health.dashboard.RecentChanges;
import dev.geocdn.health.dashboard.RecentPurges;
import dev.geocdn.health.dashboard.TrafficHistory;
import dev.geocdn.health.membership.HealthBook;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Wires the operator dashboard from {@link DashboardProperties}: the scraper filling the
 * traffic history, the latest state changes from the health book, and, when the purge log is
 * read, the latest purges from its acknowledgements (fed by the {@code AckReader}).
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    @Bean
    TrafficHistory trafficHistory(DashboardProperties properties) {
        return new TrafficHistory(properties.window());
    }

    @Bean
    RecentChanges recentChanges(DashboardProperties properties, HealthBook book) {
        RecentChanges changes = new RecentChanges(properties.recentFailovers());
        book.onChange(changes::record);
        return changes;
    }

    @Bean
    @ConditionalOnProperty("cdn.health.purge-log.bootstrap-servers")
    RecentPurges recentPurges(DashboardProperties properties) {
        return new RecentPurges(properties.recentPurges());
    }

    @Bean
    Dashboard dashboard(HealthBook book, TrafficHistory traffic, RecentChanges changes,
                        ObjectProvider<RecentPurges> purges, DashboardProperties properties) {
        return new Dashboard(book::current, traffic, changes, purges.getIfAvailable(), properties.idleAfter(),
                Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    MetricsScraper metricsScraper(HealthBook book, TrafficHistory traffic, Dashboard dashboard,
                                  DashboardProperties properties) {
        return new MetricsScraper(book.topology(), traffic, dashboard::watched, properties.scrapeInterval(),
                properties.scrapeTimeout(), Clock.systemUTC());
    }
}
