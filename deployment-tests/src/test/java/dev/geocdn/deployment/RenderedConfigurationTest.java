package dev.geocdn.deployment;

import dev.geocdn.gateway.config.GatewayProperties;
import dev.geocdn.health.config.HealthProperties;
import dev.geocdn.health.watermark.PurgeLogProperties;
import dev.geocdn.invalidation.config.InvalidationProperties;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.peers.PeerProperties;
import dev.geocdn.node.purge.PurgeProperties;
import dev.geocdn.node.shield.ShieldProperties;
import dev.geocdn.node.tier.TierProperties;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.validation.Validation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the chart renders is what the services take: each component's
 * {@code application.yaml} (with the environment the chart gives its container) binds into the
 * service's own validated {@code @ConfigurationProperties} records, as it would at start, and for
 * the gateway, health and invalidation services no property under their prefix is left unbound
 * (a misspelt name would be ignored at start, silently).
 */
class RenderedConfigurationTest {

    private static final Map<String, Object> CONTAINER_ENV = Map.of("POD_INDEX", "2",
            "GEOCDN_CLUSTER_SECRET", "a-cluster-secret-of-enough-length", "GEOCDN_PURGE_TOKEN", "a-purge-token-of-enough-length");

    static Stream<Path> examples() {
        return Chart.examples().stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyComponentsConfiguration_bindsIntoTheServicesOwnProperties(Path example) throws Exception {
        bindsIntoTheServices(Manifests.parse(Chart.shipped().render("geocdn", example)));
    }

    /** Binds every rendered component's configuration as its service would; throws naming what does not bind. */
    static void bindsIntoTheServices(List<HasMetadata> objects) throws Exception {
        Map<String, Binder> configs = new java.util.LinkedHashMap<>();
        for (ConfigMap map : Manifests.of(objects, ConfigMap.class)) {
            String yaml = map.getData().get("application.yaml");
            if (yaml != null) {
                configs.put(map.getMetadata().getName().replace("geocdn-", ""), binder(yaml));
            }
        }
        assertThat(configs).containsKeys("node", "gateway");

        Binder node = configs.get("node");
        NodeProperties nodeProperties = bind(node, "cdn", NodeProperties.class, false);
        assertThat(nodeProperties.nodeId()).isEqualTo(nodeProperties.region() + "-2");
        bind(node, "cdn.purge", PurgeProperties.class, false);
        bind(node, "cdn.tier", TierProperties.class, false);
        bind(node, "cdn.shield", ShieldProperties.class, false);
        PeerProperties peers = bind(node, "cdn.peers", PeerProperties.class, false);
        assertThat(peers.regions()).containsKey(nodeProperties.region());

        GatewayProperties gateway = bind(configs.get("gateway"), "cdn.gateway", GatewayProperties.class, true);
        assertThat(gateway.regions()).containsKey(nodeProperties.region()).hasSizeGreaterThanOrEqualTo(3);

        if (configs.containsKey("global-gateway")) {
            bind(configs.get("global-gateway"), "cdn.gateway", GatewayProperties.class, true);
        }
        if (configs.containsKey("health")) {
            Binder health = configs.get("health");
            bind(health, "cdn.health.purge-log", PurgeLogProperties.class, false);
            bind(health, "cdn.health", HealthProperties.class, false);
        }
        if (configs.containsKey("invalidation")) {
            bind(configs.get("invalidation"), "cdn.invalidation", InvalidationProperties.class, true);
        }
    }

    private static Binder binder(String yaml) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("container", CONTAINER_ENV));
        List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application.yaml",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        // later documents of the file override earlier ones, as Spring reads them
        documents.forEach(document -> environment.getPropertySources().addAfter("container", document));
        return new Binder(ConfigurationPropertySources.get(environment),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(environment));
    }

    private static <T> T bind(Binder binder, String prefix, Class<T> type, boolean noUnknownNames) {
        BindHandler handler = new ValidationBindHandler(new SpringValidatorAdapter(
                Validation.buildDefaultValidatorFactory().getValidator()));
        if (noUnknownNames) {
            handler = new NoUnboundElementsBindHandler(handler);
        }
        return binder.bindOrCreate(prefix, Bindable.of(type), handler);
    }
}
