package dev.geocdn.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Spans for the HTTP paths GeoCDN writes by hand, where the frameworks' own observations never
 * run: the gateway's fast path, the node's data plane (its hit paths included) and the node's
 * client to origins and other regions' nodes. Each hop is a SERVER span whose parent is the
 * incoming W3C {@code traceparent} (a new trace when there is none, sampled as the service's
 * sampler says), with a CLIENT span per request it sends on, whose context goes out in that
 * request's {@code traceparent}: so one trace shows client, global gateway, regional gateway,
 * node, parent region, Redis tier and origin.
 *
 * <p>Spans are passed by hand, never through a thread-local scope: the paths that use them run
 * on event loops, where a request's work is spread over callbacks. With tracing off
 * ({@code management.tracing.export.enabled=false}, or no tracer at all) every method returns at
 * its first test and nothing is allocated; {@link #on()} lets a caller skip building what it
 * would tag.
 */
public final class HopTracing {

    private static final HopTracing OFF = new HopTracing(Tracer.NOOP, Propagator.NOOP, false);

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean on;

    private HopTracing(Tracer tracer, Propagator propagator, boolean on) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.on = on;
    }

    /** Where a version-00 {@code traceparent}'s last flags digit sits, and so its shortest length less one. */
    public static final int LAST_FLAGS_DIGIT = 54;

    /**
     * Whether a W3C {@code traceparent} value says its trace is sampled (the low bit of its
     * flags, the field's last two hex digits); false for null or a value too short to be one.
     * Read without parsing the rest, for paths that record a span only when asked to.
     */
    public static boolean sampled(CharSequence traceparent) {
        return traceparent != null && traceparent.length() > LAST_FLAGS_DIGIT
                && sampledFlag(traceparent.charAt(LAST_FLAGS_DIGIT));
    }

    /** Whether the last hex digit of a {@code traceparent}'s flags has the sampled bit. */
    public static boolean sampledFlag(char lastFlagsDigit) {
        return (Character.digit(lastFlagsDigit, 16) & 1) == 1;
    }

    /** Tracing that makes no span and sends no field. */
    public static HopTracing off() {
        return OFF;
    }

    /** Tracing with {@code tracer}; off when either is a no-op (Micrometer's tracing disabled). */
    public static HopTracing of(Tracer tracer, Propagator propagator) {
        if (tracer == null || propagator == null || tracer == Tracer.NOOP || propagator == Propagator.NOOP) {
            return OFF;
        }
        return new HopTracing(tracer, propagator, true);
    }

    /** Whether spans are made at all. */
    public boolean on() {
        return on;
    }

    /**
     * The SERVER span of a request received, named by its method as the HTTP conventions name a
     * span without a route; its parent is the trace context the request's fields carry, or none.
     */
    public <C> Span server(C request, Propagator.Getter<C> fields, String method) {
        if (!on) {
            return Span.NOOP;
        }
        return propagator.extract(request, fields).kind(Span.Kind.SERVER).name(method).start();
    }

    /**
     * A CLIENT span for a request sent on, whose parent is the trace context in {@code request}'s
     * fields (set there by the span of the request that led to it); {@link Span#NOOP} when there
     * is none, as for the node's own background work (prefetch, replication, warming).
     */
    public <C> Span clientOf(C request, Propagator.Getter<C> fields, String name) {
        if (!on || fields.get(request, HttpSpans.TRACEPARENT) == null) {
            return Span.NOOP;
        }
        return propagator.extract(request, fields).kind(Span.Kind.CLIENT).name(name).start();
    }

    /**
     * A span under {@code parent} of {@code kind}; {@link Span#NOOP} under {@link Span#NOOP}.
     * Under an unsampled parent, which records nothing, it is the parent itself: {@link #inject}
     * then sends the parent's context, and the next hops keep the trace and its decision at the
     * cost of no span.
     */
    public Span child(Span parent, Span.Kind kind, String name) {
        if (!on || parent == Span.NOOP) {
            return Span.NOOP;
        }
        if (parent.isNoop()) {
            return parent;
        }
        return tracer.spanBuilder().setParent(parent.context()).kind(kind).name(name).start();
    }

    /**
     * An INTERNAL span under {@code parent}: work within the hop, such as a wait; {@link Span#NOOP}
     * under an unsampled parent, as it sends nothing on.
     */
    public Span internal(Span parent, String name) {
        if (!on || parent.isNoop()) {
            return Span.NOOP;
        }
        return tracer.spanBuilder().setParent(parent.context()).name(name).start();
    }

    /**
     * Writes {@code span}'s context into {@code request}'s fields (W3C {@code traceparent},
     * {@code tracestate}), so the next hop's spans are its children; an unsampled span's context
     * travels too, so the next hops keep the trace and its decision. {@link Span#NOOP} writes
     * nothing: the fields the request already has travel on unchanged.
     */
    public <C> void inject(Span span, C request, Propagator.Setter<C> fields) {
        if (!on || span == Span.NOOP) {
            return;
        }
        TraceContext context = span.context();
        propagator.inject(context, request, fields);
    }

    /**
     * Makes {@code span} current on this thread while a measurement is recorded, so a latency
     * histogram's exemplar carries its trace id; close the returned scope right after.
     */
    public Scope current(Span span) {
        if (!on || span.isNoop()) {
            return NO_SCOPE;
        }
        return tracer.withSpan(span)::close;
    }

    /** A span made current; closing it restores what was current before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NO_SCOPE = () -> { };
}
