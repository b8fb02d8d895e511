package dev.geocdn.cache.tier;

/** Bytes that are not a stored response this version can read: another layout, or damaged. */
public final class TierFormatException extends IllegalArgumentException {

    public TierFormatException(String message) {
        super(message);
    }
}
