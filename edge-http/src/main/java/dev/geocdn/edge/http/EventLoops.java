package dev.geocdn.edge.http;

/**
 * How many event loops a data-plane server runs: one per available core, as nginx runs one
 * worker per core. Reactor Netty's own default is at least 4, which on a 1- or 2-core machine
 * time-slices runnable event loops on one CPU and shows up as multi-millisecond tail latency
 * (docs/benchmarks.md). Set before the first Reactor Netty resource is made, that is first
 * thing in a service's {@code main}; an explicit {@code -Dreactor.netty.ioWorkerCount} wins.
 */
public final class EventLoops {

    /** Reactor Netty's system property for the number of event-loop threads. */
    public static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    private EventLoops() {
    }

    public static void onePerCore() {
        if (System.getProperty(IO_WORKER_COUNT) == null) {
            System.setProperty(IO_WORKER_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
