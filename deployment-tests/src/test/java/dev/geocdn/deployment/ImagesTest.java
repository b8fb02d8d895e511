package dev.geocdn.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images as Jib will build them (no Docker engine or registry runs here, so they
 * are not built in the suite): every service's module declares the plugin with an image name and
 * a main class that exists in it and starts it; the images run as the user, and expose the ports,
 * that the Helm chart and docker-compose.yml rely on; and the chart names no image Jib does not
 * build.
 */
class ImagesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> IMAGES = Map.of("cache-node-service", "geocdn-cache-node",
            "gateway-service", "geocdn-gateway", "health-service", "geocdn-health",
            "invalidation-service", "geocdn-invalidation", "origin-mock", "geocdn-origin-mock");

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document pom, String tag) {
        NodeList nodes = pom.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /** The jib-maven-plugin element under {@code section} (plugins or pluginManagement), or null. */
    private static Element jib(Document pom) {
        NodeList ids = pom.getElementsByTagName("artifactId");
        for (int i = 0; i < ids.getLength(); i++) {
            Node id = ids.item(i);
            if (id.getTextContent().strip().equals("jib-maven-plugin") && id.getParentNode().getNodeName().equals("plugin")) {
                return (Element) id.getParentNode();
            }
        }
        return null;
    }

    @Test
    void everyServiceHasItsImage_startedByAMainClassOfItsOwn() throws Exception {
        for (Map.Entry<String, String> module : IMAGES.entrySet()) {
            Document pom = pom(ROOT.resolve(module.getKey()).resolve("pom.xml"));
            assertThat(jib(pom)).as(module.getKey() + " builds its image with Jib").isNotNull();
            assertThat(text(pom, "image.name")).as(module.getKey()).isEqualTo(module.getValue());
            String mainClass = text(pom, "image.mainClass");
            Path source = ROOT.resolve(module.getKey()).resolve("src/main/java")
                    .resolve(mainClass.replace('.', '/') + ".java");
            assertThat(source).as(module.getKey() + "'s image entry point").exists();
            assertThat(Files.readString(source)).contains("public static void main(String[] args)");
        }
    }

    @Test
    void theImagesRunAsTheUserAndOnThePortsTheChartAndComposeExpect() throws Exception {
        Element jib = jib(pom(ROOT.resolve("pom.xml")));
        assertThat(jib).as("the root pom's Jib configuration").isNotNull();
        String user = jib.getElementsByTagName("user").item(0).getTextContent().strip();
        List<Integer> ports = new ArrayList<>();
        NodeList portNodes = jib.getElementsByTagName("port");
        for (int i = 0; i < portNodes.getLength(); i++) {
            ports.add(Integer.parseInt(portNodes.item(i).getTextContent().strip()));
        }

        List<HasMetadata> objects = Manifests.parse(Chart.shipped().render("geocdn", Chart.EXAMPLES.resolve("us-east.yaml")));
        Container node = Manifests.of(objects, StatefulSet.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(user).isEqualTo(node.getSecurityContext().getRunAsUser() + ":" + node.getSecurityContext().getRunAsGroup());
        assertThat(ports).containsExactlyInAnyOrderElementsOf(node.getPorts().stream().map(p -> p.getContainerPort()).toList());
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).contains("user: \"" + user + "\"");

        assertThat(Manifests.containers(objects)).allSatisfy(container -> assertThat(IMAGES.values())
                .as("an image Jib builds").contains(Manifests.imageName(container.getImage())));
    }
}
