package dev.geocdn.node.proxy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why the origin could not be used, with the status a client gets for it: 503 while the circuit
 * is open (the origin is known to be down, so the answer is immediate), 504 on a timeout, 502
 * otherwise. The token is the {@code Cache-Status} detail and the log's word for it.
 */
enum OriginFailure {
    CIRCUIT_OPEN(503),
    TIMEOUT(504),
    TLS(502),
    UNREACHABLE(502),
    CLOSED(502),
    /** A 206 whose body was shorter than its Content-Range said. */
    SHORT_PART(502),
    ERROR(502);

    private final int status;
    private final String token;

    OriginFailure(int status) {
        this.status = status;
        this.token = "origin-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The failure {@code error} (or one of its causes) stands for. */
    static OriginFailure of(Throwable error) {
        if (find(error, CallNotPermittedException.class)) {
            return CIRCUIT_OPEN;
        }
        if (find(error, ReadTimeoutException.class) || find(error, TimeoutException.class)
                || find(error, ConnectTimeoutException.class)) {
            return TIMEOUT;
        }
        if (find(error, SSLException.class)) {
            return TLS;
        }
        if (find(error, ConnectException.class)) {
            return UNREACHABLE;
        }
        if (find(error, PrematureCloseException.class)) {
            return CLOSED;
        }
        return ERROR;
    }

    /** The status the client gets. */
    int status() {
        return status;
    }

    /** The token: {@code origin-timeout}. */
    String token() {
        return token;
    }

    /** The short text of the error response: {@code origin timeout}. */
    String message() {
        return token.replace('-', ' ');
    }

    private static boolean find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
