package dev.geocdn.invalidation.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's embedded broker and the service on it, ready for strong purges, started once
 * before its tests and stopped after: {@code @RegisterExtension static final OnBroker on = new OnBroker();}.
 */
public final class OnBroker implements BeforeAllCallback, AfterAllCallback {

    private Broker broker;
    private Service service;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = Broker.start();
        service = Service.startReady(broker);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Service.closeAll(service, broker);
    }

    public Broker broker() {
        return broker;
    }

    public Service service() {
        return service;
    }
}
