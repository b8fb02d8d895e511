package dev.geocdn.cache.eviction;

import static dev.geocdn.cache.eviction.Stores.hit;
import static dev.geocdn.cache.eviction.Stores.keys;
import static dev.geocdn.cache.eviction.Stores.putAll;
import static dev.geocdn.cache.eviction.Stores.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.Stores.Item;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S3-FIFO with 1000 bytes and 100-byte values: S's share is 100 bytes (one value), M's 900.
 * Until the store is first full every new key waits in S, which may use all the bytes.
 */
@DisplayName("s3-fifo: S3-FIFO (SOSP 2023), by bytes")
class S3FifoPolicy_Test {

    private static BoundedStore<String, Item> store() {
        return Stores.create("s3-fifo", 1_000);
    }

    /** S = [x], M = [a0 .. a8], G = {a9}: a0..a8 were hit twice in S, a9 never. */
    private static BoundedStore<String, Item> withMainFilled() {
        BoundedStore<String, Item> store = store();
        putAll(store, 100, range("a", 0, 10));
        hit(store, 2, range("a", 0, 9));
        putAll(store, 100, "x");
        return store;
    }

    @Test
    void aReReferencedEntry_movesToMain_whileTheOneHitWonderBehindItIsEvicted() {
        BoundedStore<String, Item> store = store();
        putAll(store, 100, range("a", 0, 10));
        hit(store, 2, "a0");
        putAll(store, 100, "b");                    // a0, S's oldest, moves to M; a1 is evicted
        assertThat(keys(store)).contains("a0", "b").doesNotContain("a1").hasSize(10);
        assertThat(store.evictionCount()).isEqualTo(1);
    }

    @Test
    void oneHit_inSmall_isNotEnough_toMoveToMain() {
        BoundedStore<String, Item> store = store();
        putAll(store, 100, range("a", 0, 10));
        hit(store, 1, "a0");
        putAll(store, 100, "b");                    // freq 1 < 2: a0 goes (to G)
        assertThat(keys(store)).contains("a1", "b").doesNotContain("a0");
    }

    @Test
    void aOneHitWonder_isAdmittedToSmall_andEvictedBeforeOlderEntriesOfMain() {
        BoundedStore<String, Item> store = withMainFilled();
        assertThat(keys(store)).containsExactlyInAnyOrder(concat(range("a", 0, 9), "x"));
        assertThat(store.evictionCount()).isEqualTo(1);

        putAll(store, 100, "y");                    // x, the newest but one, goes: quick demotion
        assertThat(keys(store)).containsExactlyInAnyOrder(concat(range("a", 0, 9), "y"));
        assertThat(store.evictionCount()).isEqualTo(2);
    }

    @Test
    void aKeyInTheGhostQueue_isAdmittedStraightToMain() {
        BoundedStore<String, Item> store = withMainFilled();
        putAll(store, 100, "a9");                   // in G: evicts x from S, goes to M
        assertThat(keys(store)).containsExactlyInAnyOrder(range("a", 0, 10));

        putAll(store, 100, "y");                    // S is empty: M's oldest, a0, goes
        putAll(store, 100, "z");                    // S holds its share: y goes
        assertThat(keys(store)).as("a9 outlives the one-hit wonders that came after it")
                .containsExactlyInAnyOrder(concat(range("a", 1, 10), "z"));
    }

    @Test
    void main_givesAnEntryThatWasHit_anotherRound() {
        BoundedStore<String, Item> store = withMainFilled();
        putAll(store, 100, "a9");                   // S = [], M = [a0 .. a9]
        hit(store, 1, "a0");
        putAll(store, 100, "y");                    // a0 is reinserted with its counter decremented; a1 goes
        assertThat(keys(store)).containsExactlyInAnyOrder(concat(concat(range("a", 2, 10), "a0"), "y"));
    }

    @Test
    void theGhostQueue_holdsOnlyAsManyKeysAsTheStore() {
        BoundedStore<String, Item> store = store();
        putAll(store, 100, range("k", 0, 10));
        putAll(store, 100, range("n", 0, 30));      // evicts k0..k9 then n0..n19: G = {n10 .. n19}
        putAll(store, 100, "n15");                  // still in G: to M
        putAll(store, 100, "k0");                   // forgotten: to S
        putAll(store, 100, range("f", 0, 10));      // S's oldest goes each time, k0 among them
        assertThat(keys(store)).contains("n15").doesNotContain("k0");
    }

    @Test
    void aScanOfOneHitWonders_doesNotFlushEntriesThatWereHit() {
        BoundedStore<String, Item> s3fifo = store();
        BoundedStore<String, Item> lru = Stores.create("lru", 1_000);
        for (BoundedStore<String, Item> store : java.util.List.of(s3fifo, lru)) {
            putAll(store, 100, range("hot", 0, 5));
            hit(store, 2, range("hot", 0, 5));
            putAll(store, 100, range("scan", 0, 100));
        }
        assertThat(keys(s3fifo)).contains(range("hot", 0, 5));
        assertThat(keys(lru)).as("for contrast").doesNotContain(range("hot", 0, 5));
    }

    @Test
    void writingAPresentKey_countsAsAHit_andKeepsItsQueue() {
        BoundedStore<String, Item> store = store();
        putAll(store, 100, range("a", 0, 10));
        store.put("a0", new Item("a0 v2", 100));    // S's newest now, one hit
        hit(store, 1, "a0");                        // two
        putAll(store, 100, range("b", 0, 9));       // evicts a1..a9; a0 is S's oldest
        putAll(store, 100, "b9");                   // a0 moves to M, b0 goes
        assertThat(keys(store)).contains("a0").doesNotContain("b0");
        assertThat(store.get("a0")).isEqualTo(new Item("a0 v2", 100));
        assertThat(store.evictionCount()).isEqualTo(10);
    }

    private static String[] concat(String[] keys, String... more) {
        String[] all = java.util.Arrays.copyOf(keys, keys.length + more.length);
        System.arraycopy(more, 0, all, keys.length, more.length);
        return all;
    }
}
