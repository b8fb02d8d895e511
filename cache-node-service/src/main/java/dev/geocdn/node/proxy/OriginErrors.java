package dev.geocdn.node.proxy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Maps a failure to reach the origin to the status a client gets and a reason token. */
final class OriginErrors {

    private OriginErrors() {
    }

    /** 503 when the circuit is open, 504 on a timeout, otherwise 502. */
    static int status(Throwable error) {
        if (find(error, CallNotPermittedException.class)) {
            return 503;
        }
        return isTimeout(error) ? 504 : 502;
    }

    /** A short token for Cache-Status detail and logs. */
    static String reason(Throwable error) {
        if (find(error, CallNotPermittedException.class)) {
            return "origin-circuit-open";
        }
        if (isTimeout(error)) {
            return "origin-timeout";
        }
        if (find(error, SSLException.class)) {
            return "origin-tls";
        }
        if (find(error, ConnectException.class)) {
            return "origin-unreachable";
        }
        if (find(error, PrematureCloseException.class)) {
            return "origin-closed";
        }
        return "origin-error";
    }

    private static boolean isTimeout(Throwable error) {
        return find(error, ReadTimeoutException.class) || find(error, TimeoutException.class)
                || find(error, ConnectTimeoutException.class);
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
