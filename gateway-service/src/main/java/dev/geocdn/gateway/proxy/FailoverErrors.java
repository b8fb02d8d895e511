package dev.geocdn.gateway.proxy;

import io.netty.channel.ConnectTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.concurrent.TimeoutException;

/**
 * Which failures to forward a request move it to the next target.
 *
 * <p>A failure to connect means the target never saw the request, so any method may go on to
 * the next target. A timeout or a connection lost before the response means the target may
 * have acted on it, so only safe methods (RFC 9110 section 9.2.1, idempotent and without a body to
 * replay) are sent again;
 * others get the error. A pooled connection that the target closes while the request is being
 * written (Reactor Netty's {@code AbortedException}, seen when a node shuts down) counts as lost.
 */
final class FailoverErrors {

    /** How a failure is classified. */
    enum Kind {
        /** The request never reached the target: safe to send elsewhere. */
        NOT_SENT,
        /** The target may have seen the request: only idempotent requests go elsewhere. */
        MAYBE_SENT,
        /** Not a failure to reach the target: passed on as it is. */
        OTHER
    }

    private FailoverErrors() {
    }

    static Kind classify(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ConnectException || e instanceof ConnectTimeoutException
                    || e instanceof NoRouteToHostException) {
                return Kind.NOT_SENT;
            }
            if (e instanceof PrematureCloseException || e instanceof reactor.netty.channel.AbortedException
                    || e instanceof TimeoutException
                    || e instanceof org.springframework.cloud.gateway.support.TimeoutException) {
                return Kind.MAYBE_SENT;
            }
            if (e instanceof ResponseStatusException rse && rse.getStatusCode() == HttpStatus.GATEWAY_TIMEOUT) {
                return Kind.MAYBE_SENT; // Spring Cloud Gateway's response timeout
            }
            if (e instanceof IOException && !(e.getCause() instanceof IOException)) {
                return Kind.MAYBE_SENT; // connection reset and the like
            }
        }
        return Kind.OTHER;
    }

    static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true; // PUT and DELETE may carry a body already consumed
            default -> false;
        };
    }
}
