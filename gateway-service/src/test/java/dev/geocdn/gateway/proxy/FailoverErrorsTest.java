package dev.geocdn.gateway.proxy;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static dev.geocdn.gateway.proxy.FailoverErrors.Kind.MAYBE_SENT;
import static dev.geocdn.gateway.proxy.FailoverErrors.Kind.NOT_SENT;
import static dev.geocdn.gateway.proxy.FailoverErrors.Kind.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FailoverErrorsTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("connection refused", new ConnectException("Connection refused"), NOT_SENT),
                arguments("connection refused, wrapped",
                        new IllegalStateException("forwarding failed", new ConnectException("Connection refused")), NOT_SENT),
                arguments("connection refused, wrapped in an IOException",
                        new IOException("io", new ConnectException("Connection refused")), NOT_SENT),
                arguments("connect timeout", new ConnectTimeoutException("connection timed out"), NOT_SENT),
                arguments("connect timeout, wrapped",
                        new RuntimeException(new ConnectTimeoutException("connection timed out")), NOT_SENT),
                arguments("no route to host", new NoRouteToHostException("no route"), NOT_SENT),
                arguments("premature close", PrematureCloseException.TEST_EXCEPTION, MAYBE_SENT),
                arguments("premature close, wrapped", new RuntimeException(PrematureCloseException.TEST_EXCEPTION), MAYBE_SENT),
                arguments("connection closed while the request was written", reactor.netty.channel.AbortedException.beforeSend(), MAYBE_SENT),
                arguments("response timeout", new TimeoutException("no response in 5s"), MAYBE_SENT),
                arguments("response timeout, wrapped", new RuntimeException(new TimeoutException("late")), MAYBE_SENT),
                arguments("gateway's 504", new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Response took longer"),
                        MAYBE_SENT),
                arguments("gateway's 504 by number", new ResponseStatusException(org.springframework.http.HttpStatusCode.valueOf(504)), MAYBE_SENT),
                arguments("connection reset", new IOException("Connection reset by peer"), MAYBE_SENT),
                arguments("another status", new ResponseStatusException(HttpStatus.BAD_GATEWAY), OTHER),
                arguments("a bug", new IllegalStateException("boom"), OTHER),
                arguments("a wrapped bug", new RuntimeException(new IllegalArgumentException("bad")), OTHER));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failures")
    void failuresAreClassifiedByWhetherTheTargetMayHaveSeenTheRequest(String what, Throwable error,
                                                                       FailoverErrors.Kind expected) {
        assertThat(FailoverErrors.classify(error)).isEqualTo(expected);
    }

    @Test
    void aFailureToConnect_deepInTheCauseChain_isStillNotSent() {
        Throwable error = new RuntimeException("a", new IllegalStateException("b", new ConnectException("refused")));

        assertThat(FailoverErrors.classify(error)).isEqualTo(NOT_SENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void safeMethods_areIdempotentForFailover(String method) {
        assertThat(FailoverErrors.isIdempotent(method)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "CONNECT"})
    void methodsThatMayChangeStateOrCarryABody_areNotRetried(String method) {
        assertThat(FailoverErrors.isIdempotent(method)).isFalse();
    }
}
