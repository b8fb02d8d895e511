package dev.geocdn.origin;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An origin-mock on a free loopback port for one test class, and a client for it: register it as
 * {@code @RegisterExtension static final RunningOrigin running = new RunningOrigin();}. Started
 * before the class's tests and stopped after them, whatever they did.
 */
final class RunningOrigin implements BeforeAllCallback, AfterAllCallback {

    private OriginMock origin;
    private TestHttp http;

    @Override
    public void beforeAll(ExtensionContext context) {
        origin = OriginMock.start(OriginMockConfig.defaults());
        http = new TestHttp(origin);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (origin != null) {
            origin.close();
        }
    }

    OriginMock origin() {
        return origin;
    }

    TestHttp http() {
        return http;
    }
}
