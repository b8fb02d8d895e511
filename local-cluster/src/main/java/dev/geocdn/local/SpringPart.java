package dev.geocdn.local;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One service of the local world (a cache node or a gateway) as its own Spring Boot context,
 * which can be stopped and started again on the same ports, as a process would be.
 */
final class SpringPart {

    private final String name;
    private final Class<?> application;
    private final List<String> args;
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
        List<String> all = new ArrayList<>(args);
        all.add("--server.address=" + host);
        all.add("--server.port=" + port);
        all.add("--management.server.port=" + managementPort);
        all.add("--server.shutdown=immediate"); // a stop plays a crash (see IsolatedReactorResources)
        context = new SpringApplicationBuilder(application, IsolatedReactorResources.class)
                .run(all.toArray(String[]::new));
        // the first start may have taken free ports: keep them for restarts
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String mgmt = context.getEnvironment().getProperty("local.management.port");
        if (mgmt != null) {
            managementPort = Integer.parseInt(mgmt);
        }
        onStart.forEach(hook -> hook.accept(context));
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
}
