package dev.geocdn.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geocdn.cache.eviction.Stores.Item;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What lru, sieve and s3-fifo promise beyond the contract, from their shared {@link LockedStore}. */
@DisplayName("lru, sieve, s3-fifo: write semantics of the single-lock stores")
class LockedStore_Test {

    static Stream<String> policies() {
        return Stream.of("lru", "sieve", "s3-fifo");
    }

    @ParameterizedTest(name = "{0}: a value that fits is present when the write returns")
    @MethodSource("policies")
    void aValueThatFits_isPresentWhenTheWriteReturns(String policy) {
        long max = 5_000;
        BoundedStore<String, Item> store = Stores.create(policy, max);
        Random random = new Random(5);
        for (int op = 0; op < 5_000; op++) {
            String key = "k" + random.nextInt(100);
            Item item = new Item(key + "#" + op, random.nextInt(10) == 0 ? max : 1 + random.nextInt(1_000));
            if (random.nextBoolean()) {
                store.put(key, item);
            } else {
                store.compute(key, (k, old) -> item);
            }
            assertThat(Stores.entries(store)).as("after op %d", op).containsEntry(key, item);
            store.get("k" + random.nextInt(100));
        }
    }

    @ParameterizedTest(name = "{0}: a replacement is not an eviction, an oversize value is one")
    @MethodSource("policies")
    void replacements_andOversizeValues_inTheEvictionCount(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000);
        store.put("a", new Item("a1", 100));
        store.put("a", new Item("a2", 700));
        store.compute("a", (k, old) -> new Item("a3", 300));
        assertThat(store.evictionCount()).isZero();
        assertThat(store.weightedSize()).isEqualTo(300);

        store.put("a", new Item("huge", 1_001));
        assertThat(store.get("a")).as("the old mapping is gone too").isNull();
        assertThat(store.weightedSize()).isZero();
        assertThat(store.evictionCount()).as("as in Caffeine, which admits and evicts it").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}: a negative weight is refused and changes nothing")
    @MethodSource("policies")
    void aNegativeWeight_isRefused(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000);
        store.put("a", new Item("a", 100));
        assertThatIllegalArgumentException().isThrownBy(() -> store.put("a", new Item("bad", -1)));
        assertThatIllegalArgumentException().isThrownBy(() -> store.compute("b", (k, old) -> new Item("bad", -5)));
        assertThat(Stores.entries(store)).containsOnlyKeys("a");
        assertThat(store.weightedSize()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}: a failing remapping changes nothing")
    @MethodSource("policies")
    void aFailingRemapping_changesNothing(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000);
        store.put("a", new Item("a", 100));
        assertThatThrownBy(() -> store.compute("a", (k, old) -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.get("a")).isEqualTo(new Item("a", 100));
        assertThat(store.weightedSize()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}: writing to the store from inside compute is refused")
    @MethodSource("policies")
    void writingFromInsideCompute_isRefused(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000);
        store.put("a", new Item("a", 100));
        assertThatIllegalStateException().isThrownBy(() -> store.compute("b", (k, old) -> {
            store.put("c", new Item("c", 10));
            return new Item("b", 10);
        }));
        assertThatIllegalStateException().isThrownBy(() -> store.removeIf((k, v) -> store.remove("a") != null));
        assertThat(Stores.entries(store)).containsOnlyKeys("a");
        store.put("d", new Item("d", 10));
        assertThat(store.get("d")).as("the lock was released").isNotNull();
    }

    @ParameterizedTest(name = "{0}: nulls and a negative bound are refused")
    @MethodSource("policies")
    void nullsAndANegativeBound_areRefused(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000);
        assertThatNullPointerException().isThrownBy(() -> store.put(null, new Item("x", 1)));
        assertThatNullPointerException().isThrownBy(() -> store.put("x", null));
        assertThatNullPointerException().isThrownBy(() -> store.compute(null, (k, old) -> old));
        assertThatIllegalArgumentException().isThrownBy(() -> Stores.create(policy, -1));
    }

    @ParameterizedTest(name = "{0}: a bound of zero keeps only weightless values")
    @MethodSource("policies")
    void aBoundOfZero_keepsOnlyWeightlessValues(String policy) {
        BoundedStore<String, Item> store = Stores.create(policy, 0);
        store.put("a", new Item("a", 1));
        store.put("b", new Item("b", 0));
        assertThat(Stores.entries(store)).containsOnlyKeys("b");
        assertThat(store.weightedSize()).isZero();
    }

    @ParameterizedTest(name = "{0}: a reader never sees a key as absent while it is replaced")
    @MethodSource("policies")
    @Timeout(60)
    void aReader_neverSeesAKeyAbsent_whileItIsReplaced(String policy) throws Exception {
        BoundedStore<String, Item> store = Stores.create(policy, 1_000_000);
        store.put("hot", new Item("hot", 1));
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (store.get("hot") == null) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 100_000; i++) {
                if (i % 2 == 0) {
                    store.put("hot", new Item("hot", 1 + i % 1_000));
                } else {
                    store.compute("hot", (k, old) -> new Item("hot", old.weight() + 1));
                }
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(misses.get()).isZero();
    }
}
