package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void noHeader_meansTheWholeRepresentation() {
        assertThat(ByteRange.parse(null, 10)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void closedRange_isServedAsIs() {
        assertThat(ByteRange.parse("bytes=2-5", 10)).isEqualTo(new ByteRange.Part(2, 5));
        assertThat(ByteRange.parse(" Bytes = 2-5 ", 10)).isEqualTo(new ByteRange.Part(2, 5));
    }

    @Test
    void lastPositionPastTheEnd_isClamped() {
        assertThat(ByteRange.parse("bytes=8-100", 10)).isEqualTo(new ByteRange.Part(8, 9));
    }

    @Test
    void openRange_runsToTheEnd() {
        assertThat(ByteRange.parse("bytes=7-", 10)).isEqualTo(new ByteRange.Part(7, 9));
    }

    @Test
    void suffixRange_isTheLastBytes_andTheWholeWhenLonger() {
        assertThat(ByteRange.parse("bytes=-3", 10)).isEqualTo(new ByteRange.Part(7, 9));
        assertThat(ByteRange.parse("bytes=-30", 10)).isEqualTo(new ByteRange.Part(0, 9));
    }

    @Test
    void firstPositionAtOrPastTheEnd_isUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=10-20", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void zeroSuffix_orAnyRangeOfAnEmptyBody_isUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-5", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void multipleOrMalformedRanges_areIgnored() {
        for (String header : new String[] {"bytes=0-1,3-4", "bytes=5-2", "bytes=a-b", "bytes=", "bytes=-", "pages=1-2",
                "bytes 0-1", "bytes=1-2-3", "bytes=+1-2", "bytes=99999999999999999999-"}) {
            assertThat(ByteRange.parse(header, 10)).as(header).isInstanceOf(ByteRange.Whole.class);
        }
    }

    @Test
    void part_describesItselfAsContentRange() {
        ByteRange.Part part = new ByteRange.Part(2, 5);

        assertThat(part.count()).isEqualTo(4);
        assertThat(part.contentRange(10)).isEqualTo("bytes 2-5/10");
    }
}
