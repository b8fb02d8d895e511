package dev.geocdn.origin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7). The JDK's RFC_1123 formatter does not zero-pad the day,
 * which IMF-fixdate requires, so the mock formats with its own pattern.
 */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** Formats an instant as IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Parses an IMF-fixdate (leniently: single-digit days too), or returns {@code null}. */
    static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The value of a {@code lm=} or {@code date=} control: a whole number means "that many
     * seconds before now" and is formatted; anything else is sent literally, so a test can also
     * feed a proxy a malformed date.
     */
    static String fromControl(String value, Instant now) {
        String trimmed = value.trim();
        if (trimmed.matches("-?\\d{1,12}")) {
            return format(now.minusSeconds(Long.parseLong(trimmed)));
        }
        return value;
    }
}
