package dev.geocdn.local;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One service of the local world (a cache node, a gateway, the health or the invalidation
 * service) as its own Spring Boot context, which can be stopped and started again on the same
 * ports, as a process would be.
 *
 * <p>All parts share one JVM, so what a process would own alone is settled here for every part:
 * its banner and logging stay quiet (warnings show), and no part registers Spring Boot's JVM
 * shutdown hooks. On Ctrl-C those would close the contexts in their own order, alongside the
 * world's stop, and stop logging under it; the world stops its parts itself, in order
 * ({@link LocalWorld#close()}).
 */
final class SpringPart {

    /** For a service that is not a gateway: Spring Cloud Gateway is on the world's class path for the gateways. */
    static final String NOT_A_GATEWAY = "--spring.cloud.gateway.server.webflux.enabled=false";

    /** What every part is given before its own arguments. */
    private static final List<String> IN_SHARED_JVM = List.of("--management.server.address=127.0.0.1",
            "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--logging.register-shutdown-hook=false");

    private final String name;
    private final Class<?> application;
    private final List<String> args;
    private final List<String> more = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String host;
    private int port;
    private int managementPort;
    private ConfigurableApplicationContext context;
    private final List<java.util.function.Consumer<ConfigurableApplicationContext>> onStart =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    SpringPart(String name, Class<?> application, int port, int managementPort, List<String> args) {
        this(name, application, "127.0.0.1", port, managementPort, args);
    }

    /** A part whose server listens on {@code host} (its management port stays on 127.0.0.1). */
    SpringPart(String name, Class<?> application, String host, int port, int managementPort, List<String> args) {
        this.name = name;
        this.host = host;
        this.application = application;
        this.port = port;
        this.managementPort = managementPort;
        this.args = List.copyOf(args);
    }

    synchronized void start() {
        if (context != null) {
            return;
        }
        List<String> all = new ArrayList<>(IN_SHARED_JVM);
        all.addAll(args);
        all.addAll(more);
        all.add("--server.address=" + host);
        all.add("--server.port=" + port);
        all.add("--management.server.port=" + managementPort);
        all.add("--server.shutdown=immediate"); // a stop plays a crash (see IsolatedReactorResources)
        context = new SpringApplicationBuilder(application, IsolatedReactorResources.class)
                .registerShutdownHook(false)
                .run(all.toArray(String[]::new));
        // the first start may have taken free ports: keep them for restarts
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String mgmt = context.getEnvironment().getProperty("local.management.port");
        if (mgmt != null) {
            managementPort = Integer.parseInt(mgmt);
        }
        onStart.forEach(hook -> hook.accept(context));
    }

    /** Adds {@code extra} to the arguments of every start from now on; returns this part. */
    SpringPart with(List<String> extra) {
        more.addAll(extra);
        return this;
    }

    /** Runs {@code hook} on the context after every start from now on. */
    void whenRunning(java.util.function.Consumer<ConfigurableApplicationContext> hook) {
        onStart.add(hook);
    }

    /** Runs {@code hook} on the context if it is running now. */
    synchronized void whenRunningNow(java.util.function.Consumer<ConfigurableApplicationContext> hook) {
        if (context != null) {
            hook.accept(context);
        }
    }

    synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    synchronized boolean isRunning() {
        return context != null;
    }

    synchronized int port() {
        return port;
    }

    synchronized int managementPort() {
        return managementPort;
    }

    synchronized ConfigurableApplicationContext context() {
        return context;
    }

    String host() {
        return host;
    }

    String name() {
        return name;
    }

    String url() {
        return "http://" + host + ":" + port();
    }

    /** The management server's base URL (health, Prometheus), always on 127.0.0.1. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort();
    }
}
