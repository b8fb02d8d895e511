package dev.geocdn.origin;

import java.util.Locale;

/** Parses body sizes such as {@code 1024}, {@code 64k}, {@code 1m} or {@code 2g} (binary units). */
final class Sizes {

    /** The largest body the mock generates: 2 GiB. */
    static final long MAX_SIZE = 2L << 30;

    private Sizes() {
    }

    static long parse(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("b")) {
            value = value.substring(0, value.length() - 1);
        }
        long multiplier = 1;
        if (!value.isEmpty()) {
            switch (value.charAt(value.length() - 1)) {
                case 'k' -> multiplier = 1L << 10;
                case 'm' -> multiplier = 1L << 20;
                case 'g' -> multiplier = 1L << 30;
                default -> multiplier = 1;
            }
            if (multiplier != 1) {
                value = value.substring(0, value.length() - 1);
            }
        }
        if (!value.matches("\\d{1,12}")) {
            throw new BadRequestException("size must be a non-negative number with an optional k, m or g suffix, got '" + raw + "'");
        }
        long number = Long.parseLong(value);
        if (number > MAX_SIZE / multiplier) {
            throw new BadRequestException("size must be at most 2g (" + MAX_SIZE + " bytes), got '" + raw + "'");
        }
        return number * multiplier;
    }
}
