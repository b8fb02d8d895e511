package dev.geocdn.health.watermark;

import dev.geocdn.health.membership.HealthBook;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/purge-watermarks}: how far every region and node has applied the purge log
 * (a version vector per region, its lag, and each node's own position). 404 when the health
 * service is not configured with the purge log ({@code cdn.health.purge-log.bootstrap-servers}).
 */
@RestController
public class WatermarksController {

    private final ObjectProvider<AckReader> reader;
    private final ObjectProvider<PurgeWatermarks> watermarks;
    private final HealthBook book;

    public WatermarksController(ObjectProvider<AckReader> reader, ObjectProvider<PurgeWatermarks> watermarks,
                                HealthBook book) {
        this.reader = reader;
        this.watermarks = watermarks;
        this.book = book;
    }

    @GetMapping(path = "/v1/purge-watermarks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PurgeWatermarks.Report> watermarks() {
        AckReader acks = reader.getIfAvailable();
        PurgeWatermarks marks = watermarks.getIfAvailable();
        if (acks == null || marks == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "no purge log configured (cdn.health.purge-log.bootstrap-servers)"));
        }
        // end offsets are a blocking Kafka call: off the event loop
        return Mono.fromCallable(() -> marks.report(acks.purgeLogEnds(), book.current()))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
