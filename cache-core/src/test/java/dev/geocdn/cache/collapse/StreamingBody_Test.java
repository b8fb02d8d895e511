package dev.geocdn.cache.collapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geocdn.cache.store.Body;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("StreamingBody: a body followed by readers while it fills")
class StreamingBody_Test {

    private static final int BLOCK = StreamingBody.BLOCK_BYTES;

    /** Records what a listener was told. */
    static final class Recorder implements StreamingBody.Listener {
        final List<String> events = new ArrayList<>();
        Throwable error;

        @Override
        public void onData() {
            events.add("data");
        }

        @Override
        public void onEnd(Throwable e) {
            events.add(e == null ? "end" : "failed");
            error = e;
        }
    }

    /**
     * A body of {@code total} bytes appended in chunks of {@code chunk}; known or unknown
     * length, so the single-array and the 64 KiB block layouts both run.
     */
    @ParameterizedTest(name = "{0} bytes in chunks of {1}, length known: {2}")
    @CsvSource({
        "0,        1,     true",
        "0,        1,     false",
        "1,        1,     true",
        "1000,     7,     false",
        "65535,    4096,  false",
        "65536,    65536, false",
        "65537,    65536, false",
        "65537,    1000,  true",
        "200000,   30000, false",
        "200000,   30000, true",
        "262144,   65536, false",
    })
    void toBody_equalsWhatWasAppended(int total, int chunk, boolean known) {
        byte[] data = randomBytes(total);
        StreamingBody body = new StreamingBody(known ? total : -1);
        for (int pos = 0; pos < total; pos += chunk) {
            body.append(ByteBuffer.wrap(data, pos, Math.min(chunk, total - pos)));
            long appended = Math.min(pos + chunk, total);
            assertThat(body.written()).isEqualTo(appended);
            // readers get the end of a known length only with the end itself
            assertThat(body.available()).isEqualTo(known && appended == total ? pos : appended);
        }
        body.complete();
        assertThat(body.available()).isEqualTo(total);

        Body stored = body.toBody();
        assertThat(body.isEnded()).isTrue();
        assertThat(body.error()).isNull();
        assertThat(stored.length()).isEqualTo(total);
        assertThat(stored.toByteArray()).isEqualTo(data);
    }

    @Test
    void unknownLength_lastBlockIsTrimmedSoTheStoredBodyHoldsNoSlack() {
        StreamingBody body = new StreamingBody(-1);
        body.append(ByteBuffer.wrap(randomBytes(BLOCK + 10)));
        body.complete();
        List<Integer> views = new ArrayList<>();
        body.toBody().forEachSlice(0, BLOCK + 10, b -> views.add(b.remaining()));
        assertThat(views).containsExactly(BLOCK, 10);
        assertThat(body.expectedLength()).isNegative();
    }

    @ParameterizedTest(name = "slices {0}..{1} of a 200000-byte unknown-length body")
    @CsvSource({
        "0,      200000",
        "0,      0",
        "65535,  65537",
        "65536,  131072",
        "100,    199999",
        "131071, 131073",
    })
    void slices_shareTheAppendedContent(int from, int to) {
        byte[] data = randomBytes(200_000);
        StreamingBody body = new StreamingBody(-1);
        body.append(ByteBuffer.wrap(data));

        List<ByteBuffer> slices = body.slices(from, to);

        assertThat(slices).allMatch(ByteBuffer::isReadOnly);
        assertThat(concat(slices)).isEqualTo(java.util.Arrays.copyOfRange(data, from, to));
    }

    @Test
    void slices_ofAKnownLengthBodyWhileFilling() {
        StreamingBody body = new StreamingBody(10);
        body.append(ByteBuffer.wrap("hello".getBytes()));
        assertThat(new String(concat(body.slices(1, 5)))).isEqualTo("ello");
        assertThatThrownBy(() -> body.slices(0, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> body.slices(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> body.slices(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void listeners_getDataAndEnd() {
        StreamingBody body = new StreamingBody(6);
        Recorder recorder = new Recorder();
        body.addListener(recorder);

        body.append(ByteBuffer.wrap("abc".getBytes()));
        body.append(ByteBuffer.wrap("def".getBytes()));
        body.complete();

        assertThat(recorder.events).containsExactly("data", "data", "end");
    }

    @Test
    void lateListener_isToldOfTheEndAtOnce() {
        StreamingBody body = new StreamingBody(-1);
        body.append(ByteBuffer.wrap("abc".getBytes()));
        body.complete();
        Recorder late = new Recorder();
        body.addListener(late);
        assertThat(late.events).containsExactly("end");
    }

    @Test
    void removedListener_hearsNothingMore() {
        StreamingBody body = new StreamingBody(-1);
        Recorder recorder = new Recorder();
        body.addListener(recorder);
        body.append(ByteBuffer.wrap("a".getBytes()));
        body.removeListener(recorder);
        body.append(ByteBuffer.wrap("b".getBytes()));
        body.complete();
        assertThat(recorder.events).containsExactly("data");
    }

    @Test
    void completeWithAShortBody_fails() {
        StreamingBody body = new StreamingBody(10);
        Recorder recorder = new Recorder();
        body.addListener(recorder);
        body.append(ByteBuffer.wrap("short".getBytes()));

        body.complete();

        assertThat(body.isEnded()).isTrue();
        assertThat(body.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("5 of 10");
        assertThat(recorder.events).containsExactly("data", "failed");
        assertThatIllegalStateException().isThrownBy(body::toBody);
    }

    @Test
    void theLastBytesOfAKnownLength_reachReadersOnlyAfterTheFillStoredIt() {
        StreamingBody body = new StreamingBody(6);
        Recorder recorder = new Recorder();
        body.addListener(recorder);
        body.append(ByteBuffer.wrap("abc".getBytes()));
        body.append(ByteBuffer.wrap("def".getBytes()));
        long[] seenByTheStore = new long[2];

        assertThat(body.available()).isEqualTo(3);
        body.complete(() -> {
            seenByTheStore[0] = body.available();
            seenByTheStore[1] = body.toBody().length();
        });

        assertThat(seenByTheStore).containsExactly(3, 6);
        assertThat(body.available()).isEqualTo(6);
        assertThat(body.isEnded()).isTrue();
        assertThat(recorder.events).containsExactly("data", "data", "end");
    }

    @Test
    void appendingBeyondContentLength_throwsAndAppendsNothing() {
        StreamingBody body = new StreamingBody(4);
        body.append(ByteBuffer.wrap("abc".getBytes()));
        assertThatIllegalStateException().isThrownBy(() -> body.append(ByteBuffer.wrap("de".getBytes())))
                .withMessageContaining("Content-Length");
        assertThat(body.available()).isEqualTo(3);
    }

    @Test
    void fail_endsOnce_andLaterEndsAreIgnored() {
        StreamingBody body = new StreamingBody(-1);
        Recorder recorder = new Recorder();
        body.addListener(recorder);
        IllegalStateException cause = new IllegalStateException("reset");

        body.fail(cause);
        body.complete();
        body.fail(new IllegalStateException("again"));

        assertThat(body.error()).isSameAs(cause);
        assertThat(recorder.events).containsExactly("failed");
        assertThat(recorder.error).isSameAs(cause);
    }

    @Test
    void toBody_beforeTheEnd_isRejected() {
        StreamingBody body = new StreamingBody(-1);
        body.append(ByteBuffer.wrap("abc".getBytes()));
        assertThatIllegalStateException().isThrownBy(body::toBody);
    }

    @Test
    void append_consumesTheBuffer() {
        StreamingBody body = new StreamingBody(-1);
        ByteBuffer buffer = ByteBuffer.wrap("abcdef".getBytes(), 2, 3);
        body.append(buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        body.complete();
        assertThat(new String(body.toBody().toByteArray())).isEqualTo("cde");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(List<ByteBuffer> slices) {
        int total = slices.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer out = ByteBuffer.allocate(total);
        slices.forEach(s -> out.put(s.duplicate()));
        return out.array();
    }

    @Test
    void workBeforeReaders_runsAfterTheEnd_andBeforeAnyReaderLearnsOfIt() {
        StreamingBody body = new StreamingBody(3);
        List<String> events = new ArrayList<>();
        body.addListener(new StreamingBody.Listener() {
            @Override
            public void onData() {
            }

            @Override
            public void onEnd(Throwable error) {
                events.add("reader learns of the end");
            }
        });
        body.append(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        body.complete(() -> events.add("stored: " + body.toBody().length() + " bytes"));

        assertThat(events)
                .containsExactly("stored: 3 bytes", "reader learns of the end");
    }

    @Test
    void workBeforeReaders_isSkipped_whenTheBodyFellShort() {
        StreamingBody body = new StreamingBody(3);
        body.append(ByteBuffer.wrap(new byte[] {1}));
        boolean[] ran = {false};

        body.complete(() -> ran[0] = true);

        assertThat(ran[0]).isFalse();
        assertThat(body.error()).isNotNull();
    }
}
