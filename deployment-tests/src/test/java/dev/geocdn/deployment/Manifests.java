package dev.geocdn.deployment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rendered manifests, parsed strictly into fabric8's Kubernetes models: each document's
 * {@code apiVersion}/{@code kind} must be one the chart is meant to make, and no field may be
 * unknown to the model (fabric8 keeps unknown fields aside instead of failing, so every object
 * of the parsed tree is checked for them): a misspelt or misplaced field fails here, as
 * {@code kubectl apply --validate=strict} would fail it.
 */
final class Manifests {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private static final ObjectMapper YAML = new YAMLMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Manifests() {
    }

    /** Every document of a multi-document YAML stream, parsed; fails naming the first offence. */
    static List<HasMetadata> parse(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            for (JsonNode document : (Iterable<JsonNode>) () -> readAll(parser)) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> model = KINDS.get(type);
                if (model == null) {
                    throw new IllegalArgumentException("unexpected kind " + type);
                }
                HasMetadata object = YAML.treeToValue(document, model);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, type + " " + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("fields unknown to the Kubernetes model: " + unknown);
                }
                objects.add(object);
            }
        }
        return objects;
    }

    private static java.util.Iterator<JsonNode> readAll(JsonParser parser) {
        try {
            return YAML.readValues(parser, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
    }

    /** The objects of {@code type} among {@code objects}. */
    static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The containers of every Deployment and StatefulSet among {@code objects}. */
    static List<io.fabric8.kubernetes.api.model.Container> containers(List<HasMetadata> objects) {
        List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>();
        of(objects, Deployment.class).forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        of(objects, StatefulSet.class).forEach(s -> containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        return containers;
    }

    /** An image reference's name without registry and tag: {@code ghcr.io/geocdn/geocdn-gateway:0.1.0} is {@code geocdn-gateway}. */
    static String imageName(String reference) {
        return reference.replaceAll(".*/(geocdn-[a-z-]+):.*", "$1");
    }

    /** Walks fabric8's model objects, collecting the paths of fields kept aside as unknown. */
    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Object> seen) {
        if (value == null || seen.put(value, value) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + ((Set<?>) extra.keySet()));
                }
                continue;
            }
            unknownFields(field, path + "." + getter.getName().substring(3, 4).toLowerCase()
                    + getter.getName().substring(4), unknown, seen);
        }
    }
}
