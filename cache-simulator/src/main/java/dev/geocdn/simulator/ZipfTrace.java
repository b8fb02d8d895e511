package dev.geocdn.simulator;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A synthetic trace: {@code requests} independent requests over {@code objects} objects whose popularity
 * follows Zipf's law with exponent {@code alpha} (the independent reference model). Object ids are the
 * popularity ranks 1..objects; sizes come from {@link SizeDistribution} per object; request i has
 * timestamp i (ms). The same parameters and seed give the same trace, on every call.
 */
public final class ZipfTrace implements Trace {

    private final ZipfSampler sampler;
    private final long requests;
    private final long seed;
    private final SizeDistribution sizes;

    public ZipfTrace(double alpha, int objects, long requests, long seed, SizeDistribution sizes) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be >= 0, got " + requests);
        }
        this.sampler = new ZipfSampler(objects, alpha);
        this.requests = requests;
        this.seed = seed;
        this.sizes = sizes;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "zipf alpha=%s objects=%d requests=%d sizes=%s seed=%d",
                sampler.alpha(), sampler.n(), requests, sizes, seed);
    }

    @Override
    public long sizeHint() {
        return requests;
    }

    @Override
    public Stream<Request> requests() {
        return StreamSupport.stream(new Generator(), false);
    }

    private final class Generator extends Spliterators.AbstractSpliterator<Request> {
        private final SplittableRandom random = new SplittableRandom(seed);
        private long next;

        Generator() {
            super(requests, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED);
        }

        @Override
        public boolean tryAdvance(Consumer<? super Request> action) {
            if (next >= requests) {
                return false;
            }
            long id = sampler.sample(random);
            action.accept(new Request(next++, id, sizes.size(seed, id)));
            return true;
        }
    }
}
