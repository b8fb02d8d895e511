package dev.geocdn.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StartProgressTest {

    @Test
    void eachLine_namesThePartWhereItListens_andHowLongItTook() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong(5_000_000_000L);
        StartProgress progress = new StartProgress(lines::add, now::get);

        now.addAndGet(120_000_000L);
        progress.up("origin-mock", "http://127.0.0.1:9000");
        now.addAndGet(2_350_000_000L);
        progress.up("Kafka", "localhost:40417");

        assertThat(lines).containsExactly(
                "  origin-mock        http://127.0.0.1:9000  (0.1 s)",
                "  Kafka              localhost:40417  (2.4 s)");
    }
}
