package dev.geocdn.origin;

/** A request the mock refuses with 400 and the message as a text body. */
final class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
