package dev.geocdn.localredis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A real redis-server: it answers once started, not once killed, and again on the same port. */
class LocalRedisTest {

    @Test
    void startsAnswersDiesAndComesBackOnTheSamePort() {
        try (LocalRedis redis = LocalRedis.start(0, "16mb")) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("SET k v")).isEqualTo("+OK");
            assertThat(redis.command("CONFIG GET maxmemory-policy")).startsWith("*2");

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThat(redis.command("PING")).startsWith("-unreachable");

            redis.startAgain();
            assertThat(redis.command("PING")).isEqualTo("+PONG");
            assertThat(redis.command("GET k")).as("nothing persisted").isEqualTo("$-1");
        }
    }
}
