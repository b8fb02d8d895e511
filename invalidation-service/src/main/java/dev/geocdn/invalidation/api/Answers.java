package dev.geocdn.invalidation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.geocdn.invalidation.progress.NodeProgress;
import dev.geocdn.invalidation.progress.Progress;
import dev.geocdn.invalidation.progress.TrackedPurge;
import dev.geocdn.protocol.hlc.HlcTime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON bodies the API answers with (docs/invalidation.md shows each). */
final class Answers {

    private Answers() {
    }

    /**
     * The answer to {@code POST /v1/purge}: 202 (eventual), 200 or 504 (strong).
     *
     * @param id          the purge's id
     * @param hlc         its HLC time as a number (exceeds 2^53: JavaScript clients use {@code hlcTime})
     * @param hlcTime     its HLC time, readable and exact ({@code 2026-12-04T17:30:00.123Z/0})
     * @param consistency {@code eventual} or {@code strong}
     * @param status      {@code accepted}, {@code applied} or {@code incomplete}
     * @param progress    where to follow it: {@code /v1/purge/<id>}
     * @param elapsedMs   strong: from the request's arrival to the answer
     * @param missing     504: the live nodes that did not acknowledge in time
     * @param regions     strong: region to node to its progress
     * @param message     504: what it means
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PurgeAnswer(String id, long hlc, String hlcTime, String consistency, String status, String progress,
                       Long elapsedMs, List<String> missing, Map<String, Map<String, NodeView>> regions,
                       String message) {
    }

    /**
     * The answer to {@code GET /v1/purge/{id}}.
     *
     * @param status    {@code applied} when every required live node acknowledged it, else {@code pending}
     * @param elapsedMs since it was accepted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProgressAnswer(String id, long hlc, String hlcTime, String requestedBy, String acceptedAt, boolean soft,
                          Targets targets, String status, long elapsedMs, List<String> missing,
                          Map<String, Map<String, NodeView>> regions) {
    }

    /** How many targets of each kind a purge named. */
    record Targets(int urls, int prefixes, int surrogateKeys) {
    }

    /**
     * One node's progress.
     *
     * @param status    {@code applied}, {@code pending}, or {@code down} (was live when the purge
     *                  was accepted, is not now: not waited for)
     * @param appliedMs applied: from acceptance to its acknowledgement
     * @param removed   applied: URLs it removed, or marked stale
     * @param required  {@code false} for a node that acknowledged without being waited for
     *                  (it came up after the purge was accepted); absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeView(String status, Long appliedMs, Long removed, Boolean required) {
    }

    /** Every 4xx and 5xx: the status, its reason phrase, what went wrong, and the path. Never a stack trace. */
    record ErrorAnswer(int status, String error, String message, String path) {
    }

    static String progressPath(String id) {
        return "/v1/purge/" + id;
    }

    static PurgeAnswer accepted(TrackedPurge purge) {
        return new PurgeAnswer(purge.id(), purge.hlc(), HlcTime.format(purge.hlc()), "eventual", "accepted",
                progressPath(purge.id()), null, null, null, null);
    }

    static PurgeAnswer strong(TrackedPurge purge, Progress progress, long elapsedMs, String message) {
        return new PurgeAnswer(purge.id(), purge.hlc(), HlcTime.format(purge.hlc()), "strong",
                progress.done() ? "applied" : "incomplete", progressPath(purge.id()), elapsedMs,
                progress.done() ? null : progress.missing(), regions(progress), message);
    }

    static ProgressAnswer progress(TrackedPurge purge, Progress progress, long elapsedMs) {
        return new ProgressAnswer(purge.id(), purge.hlc(), HlcTime.format(purge.hlc()), purge.requestedBy(),
                purge.acceptedAt().toString(), purge.soft(),
                new Targets(purge.urls(), purge.prefixes(), purge.surrogateKeys()),
                progress.done() ? "applied" : "pending", elapsedMs, progress.missing(), regions(progress));
    }

    private static Map<String, Map<String, NodeView>> regions(Progress progress) {
        Map<String, Map<String, NodeView>> regions = new LinkedHashMap<>();
        progress.regions().forEach((region, nodes) -> {
            Map<String, NodeView> views = new LinkedHashMap<>();
            nodes.forEach((node, p) -> views.put(node, view(p)));
            regions.put(region, views);
        });
        return regions;
    }

    private static NodeView view(NodeProgress p) {
        return new NodeView(p.state().name().toLowerCase(Locale.ROOT), p.appliedMs(), p.removed(),
                p.required() ? null : Boolean.FALSE);
    }
}
