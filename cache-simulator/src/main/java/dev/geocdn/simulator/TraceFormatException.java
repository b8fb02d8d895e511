package dev.geocdn.simulator;

/** A malformed line in a trace file or access log; the message names the file and the line number. */
public final class TraceFormatException extends RuntimeException {

    private final String source;
    private final long lineNumber;

    public TraceFormatException(String source, long lineNumber, String problem) {
        super(source + ":" + lineNumber + ": " + problem);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /** The file (as given by the user). */
    public String source() {
        return source;
    }

    /** The 1-based line number. */
    public long lineNumber() {
        return lineNumber;
    }
}
