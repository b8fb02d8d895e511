package dev.geocdn.node.proxy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Maps a failure to reach the origin to the status a client gets and a reason token. */
final class OriginErrors {

    private OriginErrors() {
    }

    /** 503 when the circuit is open, 504 on a timeout, otherwise 502. */
    static int status(Throwable error) {
        Throwable e = root(error);
        if (e instanceof CallNotPermittedException) {
            return 503;
        }
        if (e instanceof ReadTimeoutException || e instanceof TimeoutException
                || e instanceof io.netty.channel.ConnectTimeoutException) {
            return 504;
        }
        return 502;
    }

    /** A short token for Cache-Status detail and logs. */
    static String reason(Throwable error) {
        Throwable e = root(error);
        if (e instanceof CallNotPermittedException) {
            return "origin-circuit-open";
        }
        if (e instanceof ReadTimeoutException || e instanceof TimeoutException
                || e instanceof io.netty.channel.ConnectTimeoutException) {
            return "origin-timeout";
        }
        if (e instanceof ConnectException) {
            return "origin-unreachable";
        }
        if (e instanceof PrematureCloseException) {
            return "origin-closed";
        }
        return "origin-error";
    }

    private static Throwable root(Throwable error) {
        Throwable e = error;
        while (e.getCause() != null && e.getCause() != e && !(e instanceof CallNotPermittedException)) {
            if (e instanceof ConnectException || e instanceof ReadTimeoutException) {
                return e;
            }
            e = e.getCause();
        }
        return e;
    }
}
