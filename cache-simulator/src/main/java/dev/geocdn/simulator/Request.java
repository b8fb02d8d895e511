package dev.geocdn.simulator;

/**
 * One request of a trace: when, which object, and how many bytes the object has.
 *
 * @param timestamp epoch milliseconds (or any non-decreasing clock; only the order of requests matters)
 * @param id        the object's identity: a long id, or the 64-bit hash of a textual key ({@link Keys#id})
 * @param size      the object's size in bytes, non-negative
 */
public record Request(long timestamp, long id, long size) {

    public Request {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
