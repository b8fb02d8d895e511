package dev.geocdn.cache.eviction;

import static dev.geocdn.cache.eviction.Stores.hit;
import static dev.geocdn.cache.eviction.Stores.keys;
import static dev.geocdn.cache.eviction.Stores.putAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.Stores.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("sieve: SIEVE (NSDI 2024), by bytes")
class SievePolicy_Test {

    private static BoundedStore<String, Item> store(long maximumWeight) {
        return Stores.create("sieve", maximumWeight);
    }

    /** Queue a b c (oldest first), a visited, then d: the hand clears a and evicts b. */
    private static BoundedStore<String, Item> afterFirstEviction() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        hit(store, 1, "a");
        putAll(store, 100, "d");
        return store;
    }

    @Test
    void aVisitedEntry_isKept_overAnUnvisitedNewerOne() {
        BoundedStore<String, Item> store = afterFirstEviction();
        assertThat(keys(store)).containsExactly("a", "c", "d");
        assertThat(store.evictionCount()).isEqualTo(1);
    }

    @Test
    void theHand_movesOn_insteadOfRestartingAtTheOldest() {
        BoundedStore<String, Item> store = afterFirstEviction();     // a c d, hand on c, a's bit cleared
        putAll(store, 100, "e");
        assertThat(keys(store)).as("c goes, although a is older and unvisited now")
                .containsExactly("a", "d", "e");
        putAll(store, 100, "f");
        assertThat(keys(store)).containsExactly("a", "e", "f");
    }

    @Test
    void theHand_wrapsAround_toTheOldest() {
        BoundedStore<String, Item> store = afterFirstEviction();
        putAll(store, 100, "e", "f");                                // a e f, hand on e
        hit(store, 1, "e", "f");
        putAll(store, 100, "g");                                     // clears e and f, wraps, evicts a
        assertThat(keys(store)).containsExactly("e", "f", "g");
        putAll(store, 100, "h");                                     // hand on e, cleared: it goes
        assertThat(keys(store)).containsExactly("f", "g", "h");
        assertThat(store.evictionCount()).isEqualTo(5);
    }

    @Test
    void hits_doNotReorder_likeLruWould() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        hit(store, 1, "b", "a");          // LRU would now evict c; SIEVE clears a and b, evicts c too
        putAll(store, 100, "d");
        assertThat(keys(store)).containsExactly("a", "b", "d");
        putAll(store, 100, "e");          // LRU would evict b; SIEVE's hand wrapped to a, already cleared
        assertThat(keys(store)).containsExactly("b", "d", "e");
    }

    @Test
    void writingAPresentKey_isAVisit_andReweighs() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        store.put("a", new Item("a2", 80));   // a new version, already visited
        assertThat(store.weightedSize()).isEqualTo(280);
        putAll(store, 100, "d");              // 380: b (unvisited, oldest) goes
        assertThat(keys(store)).containsExactly("a", "c", "d");
        assertThat(store.evictionCount()).isEqualTo(1);
    }

    @Test
    void evicts_untilTheNewValueFits() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        hit(store, 1, "b");
        store.put("big", new Item("big", 200)); // a goes, b is cleared, c goes
        assertThat(keys(store)).containsExactly("b", "big");
        assertThat(store.evictionCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "seed {0}: same answers as a list-based SIEVE")
    @ValueSource(longs = {1, 2, 3, 42, 9111})
    void matches_aListBasedModel(long seed) {
        long max = 1_000;
        BoundedStore<String, Item> store = store(max);
        SieveModel model = new SieveModel(max);
        Random random = new Random(seed);
        for (int op = 0; op < 5_000; op++) {
            String key = "k" + random.nextInt(30);
            Item item = new Item(key + "#" + op, LruPolicy_Test.randomWeight(random, max));
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> assertThat(store.get(key)).as("get %s at %d", key, op).isEqualTo(model.get(key));
                case 4, 5, 6 -> {
                    store.put(key, item);
                    model.put(key, item);
                }
                case 7 -> assertThat(store.remove(key)).as("remove %s at %d", key, op).isEqualTo(model.remove(key));
                default -> {
                    BiFunction<String, Item, Item> f = (k, old) -> item.weight() % 3 == 0 ? null
                            : old == null ? item : new Item(old.tag() + "+", old.weight() + item.weight() / 4);
                    assertThat(store.compute(key, f)).as("compute %s at %d", key, op).isEqualTo(model.compute(key, f));
                }
            }
            assertThat(Stores.entries(store)).as("entries after op %d", op).isEqualTo(model.entries());
            assertThat(store.weightedSize()).isEqualTo(model.total);
            assertThat(store.evictionCount()).isEqualTo(model.evictions);
        }
        assertThat(model.evictions).as("the workload evicts").isGreaterThan(100);
    }

    /**
     * SIEVE as the paper's pseudo-code, on an array list (index 0 is the oldest) with the hand
     * as an index, by bytes; a replacement is removed and inserted again, visited.
     */
    private static final class SieveModel {
        private static final class Entry {
            final String key;
            final Item item;
            boolean visited;

            Entry(String key, Item item, boolean visited) {
                this.key = key;
                this.item = item;
                this.visited = visited;
            }
        }

        final long max;
        final List<Entry> queue = new ArrayList<>();
        /** The index the hand examines next; -1 for the oldest. */
        int hand = -1;
        long total;
        long evictions;

        SieveModel(long max) {
            this.max = max;
        }

        Map<String, Item> entries() {
            Map<String, Item> map = new TreeMap<>();
            queue.forEach(e -> map.put(e.key, e.item));
            return map;
        }

        private int indexOf(String key) {
            for (int i = 0; i < queue.size(); i++) {
                if (queue.get(i).key.equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        Item get(String key) {
            int i = indexOf(key);
            if (i < 0) {
                return null;
            }
            queue.get(i).visited = true;
            return queue.get(i).item;
        }

        /** Removes index {@code i}; a hand on it moves to the next newer entry (or the oldest). */
        private Item removeAt(int i) {
            Entry removed = queue.remove(i);
            total -= removed.item.weight();
            if (hand > i) {
                hand--;
            } else if (hand == i && i == queue.size()) {
                hand = -1;
            }
            return removed.item;
        }

        private void evict() {
            int i = hand >= 0 ? hand : 0;
            while (queue.get(i).visited) {
                queue.get(i).visited = false;
                i = (i + 1) % queue.size();
            }
            hand = i;
            removeAt(i);
            evictions++;
        }

        void put(String key, Item item) {
            int i = indexOf(key);
            boolean present = i >= 0;
            if (present) {
                removeAt(i);
            }
            if (item.weight() > max) {
                evictions++;
                return;
            }
            while (total + item.weight() > max) {
                evict();
            }
            queue.add(new Entry(key, item, present));
            total += item.weight();
        }

        Item remove(String key) {
            int i = indexOf(key);
            return i < 0 ? null : removeAt(i);
        }

        Item compute(String key, BiFunction<String, Item, Item> f) {
            int i = indexOf(key);
            Item value = f.apply(key, i < 0 ? null : queue.get(i).item);
            if (value == null) {
                remove(key);
            } else {
                put(key, value);
            }
            return value;
        }
    }
}
