package dev.geocdn.cache.eviction;

import static dev.geocdn.cache.eviction.Stores.hit;
import static dev.geocdn.cache.eviction.Stores.keys;
import static dev.geocdn.cache.eviction.Stores.putAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.Stores.Item;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("lru: least recently used, by bytes")
class LruPolicy_Test {

    private static BoundedStore<String, Item> store(long maximumWeight) {
        return Stores.create("lru", maximumWeight);
    }

    @Test
    void evicts_theLeastRecentlyUsed() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        hit(store, 1, "a");                 // recency, oldest first: b c a

        putAll(store, 100, "d");            // c a d
        assertThat(keys(store)).containsExactly("a", "c", "d");

        hit(store, 1, "c");                 // a d c
        putAll(store, 100, "e");            // d c e
        assertThat(keys(store)).containsExactly("c", "d", "e");
        assertThat(store.evictionCount()).isEqualTo(2);
    }

    @Test
    void evicts_fromTheTail_untilTheNewValueFits() {
        BoundedStore<String, Item> store = store(300);
        store.put("a", new Item("a", 100));
        store.put("b", new Item("b", 50));
        store.put("c", new Item("c", 100));

        store.put("d", new Item("d", 140)); // 250 + 140 > 300: a goes, 150 + 140 fits
        assertThat(keys(store)).containsExactly("b", "c", "d");
        assertThat(store.weightedSize()).isEqualTo(290);

        store.put("e", new Item("e", 300)); // everything else goes
        assertThat(keys(store)).containsExactly("e");
        assertThat(store.evictionCount()).isEqualTo(4);
    }

    @Test
    void writingAPresentKey_reweighsIt_andMakesItTheMostRecent() {
        BoundedStore<String, Item> store = store(300);
        putAll(store, 100, "a", "b", "c");
        store.put("a", new Item("a2", 50));                                  // b c a
        assertThat(store.weightedSize()).isEqualTo(250);
        store.compute("b", (k, old) -> new Item("b2", old.weight() + 20));   // c a b
        assertThat(store.weightedSize()).isEqualTo(270);
        assertThat(store.evictionCount()).as("replacements are not evictions").isZero();

        putAll(store, 100, "d");                                             // 370: c goes
        assertThat(keys(store)).containsExactly("a", "b", "d");
        assertThat(store.evictionCount()).isEqualTo(1);
    }

    @Test
    void aMiss_changesNothing() {
        BoundedStore<String, Item> store = store(200);
        putAll(store, 100, "a", "b");
        assertThat(store.get("absent")).isNull();
        putAll(store, 100, "c");
        assertThat(keys(store)).containsExactly("b", "c");
    }

    @ParameterizedTest(name = "seed {0}: same answers as a LinkedHashMap in access order, by bytes")
    @ValueSource(longs = {1, 2, 3, 42, 9111})
    void matches_aLinkedHashMapInAccessOrder(long seed) {
        long max = 1_000;
        BoundedStore<String, Item> store = store(max);
        LruModel model = new LruModel(max);
        Random random = new Random(seed);
        for (int op = 0; op < 5_000; op++) {
            String key = "k" + random.nextInt(30);
            Item item = new Item(key + "#" + op, randomWeight(random, max));
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
            // A copy: comparing maps calls get() on the other one, which would reorder the model.
            assertThat(Stores.entries(store)).as("entries after op %d", op).isEqualTo(new HashMap<>(model.map));
            assertThat(store.weightedSize()).isEqualTo(model.total);
            assertThat(store.evictionCount()).isEqualTo(model.evictions);
        }
        assertThat(model.evictions).as("the workload evicts").isGreaterThan(100);
    }

    static long randomWeight(Random random, long max) {
        return switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> max + 1 + random.nextInt(100);
            case 2 -> max;
            default -> 1 + random.nextInt((int) max / 4);
        };
    }

    /** LRU by bytes the obvious way: a LinkedHashMap in access order, evicting its eldest. */
    private static final class LruModel {
        final long max;
        final LinkedHashMap<String, Item> map = new LinkedHashMap<>(16, 0.75f, true);
        long total;
        long evictions;

        LruModel(long max) {
            this.max = max;
        }

        Item get(String key) {
            return map.get(key);
        }

        void put(String key, Item item) {
            remove(key);
            if (item.weight() > max) {
                evictions++;
                return;
            }
            Iterator<Map.Entry<String, Item>> eldest = map.entrySet().iterator();
            while (total + item.weight() > max) {
                total -= eldest.next().getValue().weight();
                eldest.remove();
                evictions++;
            }
            map.put(key, item);
            total += item.weight();
        }

        Item remove(String key) {
            Item old = map.remove(key);
            if (old != null) {
                total -= old.weight();
            }
            return old;
        }

        Item compute(String key, BiFunction<String, Item, Item> f) {
            Item value = f.apply(key, map.get(key));
            if (value == null) {
                remove(key);
            } else {
                put(key, value);
            }
            return value;
        }
    }
}
