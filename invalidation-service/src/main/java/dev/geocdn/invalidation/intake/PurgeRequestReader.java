package dev.geocdn.invalidation.intake;

/** Reads a {@link PurgeRequest} from JSON strictly ({@link StrictJson}). Thread-safe. */
public final class PurgeRequestReader {

    /** The request in {@code json}; never null. */
    public PurgeRequest read(byte[] json) {
        return StrictJson.read(json, PurgeRequest.class, "a purge", PurgeRequest.FIELDS,
                "urls, prefixes or surrogateKeys");
    }
}
