package dev.geocdn.cache.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.text.ParsePosition;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date parsing and formatting (RFC 9110 section 5.6.7).
 *
 * <p>Senders must use IMF-fixdate, but recipients must accept all three formats: IMF-fixdate,
 * the obsolete RFC 850 format (two-digit years, read with the 50-year rule) and ANSI C's
 * asctime. All three are in GMT: a date with another zone ("+0100", "UTC", "EST") is not an
 * HTTP-date, and RFC 9111 section 5.3 makes an invalid Expires mean "already expired", whatever
 * instant it might be read as. Accepted beyond the grammar, because nothing else can be meant:
 * letters in any case, a missing day name, one space before a one-digit asctime day.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter IMF_LENIENT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendPattern("EEE, ").optionalEnd()
            .appendPattern("d MMM yyyy HH:mm:ss")
            .appendLiteral(" GMT")
            .toFormatter(Locale.US);

    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEEE, dd-MMM-")
            .appendValue(ChronoField.YEAR_OF_ERA, 2)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM")
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("d HH:mm:ss yyyy")
            .toFormatter(Locale.US);

    private HttpDates() {
    }

    /** Formats {@code instant} as an IMF-fixdate, the only format senders may generate. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Formats epoch milliseconds as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Parses an HTTP-date in any of the formats RFC 9110 section 5.6.7 requires recipients to
     * accept; empty when the value is not a date.
     *
     * @param value the field value
     * @param now   the current time, used only for the 50-year rule of RFC 850 two-digit years
     */
    public static Optional<Instant> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        if (s.isEmpty() || s.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s, IMF_LENIENT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException ignored) {
            // try the next format
        }
        Optional<Instant> rfc850 = parseRfc850(s, now);
        if (rfc850.isPresent()) {
            return rfc850;
        }
        try {
            return Optional.of(LocalDateTime.parse(s, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    /**
     * An RFC 850 date. Parsed without resolving, because the two-digit year must first be placed
     * in its century (the 50-year rule) before the day name can be checked against the date;
     * resolving "Sunday, 06-Nov-94" as the year 94 fails that check.
     */
    private static Optional<Instant> parseRfc850(String s, Instant now) {
        ParsePosition position = new ParsePosition(0);
        TemporalAccessor parsed = RFC_850.parseUnresolved(s, position);
        if (parsed == null || position.getErrorIndex() >= 0 || position.getIndex() != s.length()) {
            return Optional.empty();
        }
        try {
            int twoDigit = (int) (parsed.getLong(ChronoField.YEAR_OF_ERA) % 100);
            LocalDateTime nowUtc = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
            // RFC 9110 section 5.6.7: a date that appears to be more than 50 years in the future
            // is in the most recent past year with the same last two digits. The window is
            // therefore (now - 50 years, now + 50 years], which may reach into the next century.
            LocalDateTime time = LocalDateTime.of((nowUtc.getYear() / 100) * 100 + twoDigit,
                    (int) parsed.getLong(ChronoField.MONTH_OF_YEAR), (int) parsed.getLong(ChronoField.DAY_OF_MONTH),
                    (int) parsed.getLong(ChronoField.HOUR_OF_DAY), (int) parsed.getLong(ChronoField.MINUTE_OF_HOUR),
                    (int) parsed.getLong(ChronoField.SECOND_OF_MINUTE));
            if (time.isAfter(nowUtc.plusYears(50))) {
                time = time.minusYears(100);
            } else if (!time.isAfter(nowUtc.minusYears(50))) {
                time = time.plusYears(100);
            }
            if (time.getDayOfWeek().getValue() != parsed.getLong(ChronoField.DAY_OF_WEEK)) {
                return Optional.empty();
            }
            return Optional.of(time.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException | ArithmeticException invalid) {
            return Optional.empty();
        }
    }
}
