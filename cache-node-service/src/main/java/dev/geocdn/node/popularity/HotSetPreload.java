package dev.geocdn.node.popularity;

import dev.geocdn.node.proxy.EdgeHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.Disposable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a restarted node's hot set from its persistence tier, most requested first, as soon as
 * it serves: the keys its popularity record names, each read and taken into memory as a
 * client's miss would take it (purges since its fill refuse it). A few at a time, in the
 * background, so that clients are served meanwhile; what they ask for first comes from the tier
 * as usual. Counted in {@code geocdn_tier_preloads_total{outcome=loaded|absent}}.
 */
public final class HotSetPreload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotSetPreload.class);
    private static final int CONCURRENCY = 4;

    private final PopularityRecord record;
    private final ObjectProvider<EdgeHandler> edge;
    private final int count;
    private final Counter loaded;
    private final Counter absent;
    private Disposable running;

    /**
     * @param record the record to load from; null, or a {@code count} of zero: nothing is loaded
     * @param edge   the data plane, asked for once the node serves
     */
    public HotSetPreload(PopularityRecord record, ObjectProvider<EdgeHandler> edge, int count, MeterRegistry registry) {
        this.record = record;
        this.edge = edge;
        this.count = count;
        this.loaded = counter(registry, "loaded");
        this.absent = counter(registry, "absent");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("geocdn.tier.preloads").tag("outcome", outcome)
                .description("Keys of the popularity record loaded from the tier at start, or absent from it")
                .register(registry);
    }

    /** Starts the pre-load in the background. */
    public synchronized void start() {
        if (record == null || count == 0 || running != null) {
            return;
        }
        EdgeHandler handler = edge.getObject();
        long started = System.nanoTime();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger asked = new AtomicInteger();
        running = record.hottest(count)
                .flatMap(handler::preloadFromTier, CONCURRENCY)
                .doOnNext(took -> {
                    asked.incrementAndGet();
                    if (took) {
                        taken.incrementAndGet();
                        loaded.increment();
                    } else {
                        absent.increment();
                    }
                })
                .doOnComplete(() -> log.info("loaded {} of the {} most requested keys from the tier in {} ms",
                        taken.get(), asked.get(), (System.nanoTime() - started) / 1_000_000))
                .subscribe(took -> { }, error -> log.warn("the hot set's pre-load stopped: {}", error.toString()));
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.dispose();
        }
    }
}
