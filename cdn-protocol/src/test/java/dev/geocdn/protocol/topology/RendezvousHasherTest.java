package dev.geocdn.protocol.topology;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class RendezvousHasherTest {

    private static final int KEYS = 10_000;
    private static final List<String> FOUR = List.of("eu-west-1", "eu-west-2", "eu-west-3", "eu-west-4");

    private static String key(int i) {
        return "/assets/img/" + i + ".png";
    }

    private static Map<String, String> owners(List<String> nodes) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            owners.put(key(i), RendezvousHasher.owner(key(i), nodes, Function.identity()));
        }
        return owners;
    }

    @Test
    void theSameKeyAndNodes_alwaysGiveTheSameOrder() {
        List<String> first = RendezvousHasher.rank("/index.html", FOUR, Function.identity());
        List<String> second = RendezvousHasher.rank("/index.html", FOUR, Function.identity());

        assertThat(second).isEqualTo(first);
        assertThat(first).containsExactlyInAnyOrderElementsOf(FOUR);
    }

    @Test
    void differentKeys_getDifferentOrders() {
        long distinctOrders = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> RendezvousHasher.rank(key(i), FOUR, Function.identity()))
                .distinct().count();

        // 4! = 24 possible orders: 200 keys should show most of them, not one fixed order
        assertThat(distinctOrders).isGreaterThan(12);
    }

    @Test
    void theOwner_isTheFirstOfTheRank() {
        for (int i = 0; i < 500; i++) {
            assertThat(RendezvousHasher.owner(key(i), FOUR, Function.identity()))
                    .isEqualTo(RendezvousHasher.rank(key(i), FOUR, Function.identity()).get(0));
        }
    }

    @Test
    void noNodes_meansNoOwnerAndAnEmptyRank() {
        assertThat(RendezvousHasher.owner("/a", List.<String>of(), Function.identity())).isNull();
        assertThat(RendezvousHasher.rank("/a", List.<String>of(), Function.identity())).isEmpty();
    }

    @Test
    void nodesAreRankedByTheirId_notByTheObject() {
        record Node(String id, int weight) {
        }
        List<Node> nodes = FOUR.stream().map(id -> new Node(id, id.length())).toList();

        List<String> byRecord = RendezvousHasher.rank("/video.mp4", nodes, Node::id).stream().map(Node::id).toList();

        assertThat(byRecord).isEqualTo(RendezvousHasher.rank("/video.mp4", FOUR, Function.identity()));
    }

    @Test
    void keysSpreadRoughlyEvenlyOverFourNodes() {
        Map<String, Integer> perNode = new HashMap<>();
        owners(FOUR).values().forEach(n -> perNode.merge(n, 1, Integer::sum));

        assertThat(perNode).containsOnlyKeys(FOUR);
        assertThat(perNode.values()).allSatisfy(count -> assertThat(count).isBetween(2_125, 2_875));
    }

    @Test
    void aFifthNodeJoining_takesAboutAFifthOfTheKeys_andOnlyKeysMoveToIt() {
        List<String> five = new ArrayList<>(FOUR);
        five.add("eu-west-5");
        Map<String, String> before = owners(FOUR);
        Map<String, String> after = owners(five);

        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            String k = key(i);
            if (!before.get(k).equals(after.get(k))) {
                moved++;
                assertThat(after.get(k)).as("new owner of moved key %s", k).isEqualTo("eu-west-5");
            }
        }
        assertThat(moved).isBetween(1_500, 2_500);
    }

    @Test
    void aNodeLeaving_movesOnlyItsOwnKeys_toTheirSecondChoice() {
        Map<String, String> before = owners(FOUR);
        List<String> three = FOUR.stream().filter(n -> !n.equals("eu-west-3")).toList();
        Map<String, String> after = owners(three);

        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            String k = key(i);
            if (before.get(k).equals("eu-west-3")) {
                moved++;
                assertThat(after.get(k)).isEqualTo(RendezvousHasher.rank(k, FOUR, Function.identity()).get(1));
            } else {
                assertThat(after.get(k)).as("owner of %s", k).isEqualTo(before.get(k));
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void aNodeReturning_getsBackExactlyTheKeysItHad() {
        List<String> three = FOUR.stream().filter(n -> !n.equals("eu-west-2")).toList();
        Map<String, String> original = owners(FOUR);
        owners(three);

        assertThat(owners(FOUR)).isEqualTo(original);
    }

    @Test
    void theOrder_doesNotDependOnTheOrderOfTheInputList() {
        Random random = new Random(42);
        List<String> shuffled = new ArrayList<>(FOUR);
        for (int i = 0; i < 500; i++) {
            Collections.shuffle(shuffled, random);
            assertThat(RendezvousHasher.rank(key(i), shuffled, Function.identity()))
                    .isEqualTo(RendezvousHasher.rank(key(i), FOUR, Function.identity()));
        }
    }

    @Test
    void rankDoesNotModifyTheGivenList() {
        List<String> nodes = new ArrayList<>(FOUR);

        RendezvousHasher.rank("/x", nodes, Function.identity());

        assertThat(nodes).isEqualTo(FOUR);
    }
}
