package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("IndexSet: the hierarchical bitmap Belady orders its objects with")
class IndexSet_Test {

    @ParameterizedTest(name = "capacity {0}: same answers as a TreeSet under random operations")
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 300_000})
    void behavesLikeATreeSet(int capacity) {
        IndexSet set = new IndexSet(capacity);
        TreeSet<Integer> reference = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(capacity);
        assertThat(set.last()).isEqualTo(-1);
        for (int op = 0; op < 200_000; op++) {
            int i = random.nextInt(capacity);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    set.add(i);
                    reference.add(i);
                }
                case 2 -> {
                    set.remove(i);
                    reference.remove(i);
                }
                default -> {
                    Integer floor = reference.floor(i);
                    assertThat(set.floor(i)).isEqualTo(floor == null ? -1 : floor);
                }
            }
            assertThat(set.contains(i)).isEqualTo(reference.contains(i));
            if ((op & 1023) == 0) {
                assertThat(set.last()).isEqualTo(reference.isEmpty() ? -1 : reference.last());
            }
        }
        for (int i : reference) {
            set.remove(i);
        }
        assertThat(set.last()).isEqualTo(-1);
        assertThat(set.floor(-1)).isEqualTo(-1);
    }
}
