package dev.geocdn.node.proxy;

/** A request the node refuses with 400; the message is safe to show the client. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
