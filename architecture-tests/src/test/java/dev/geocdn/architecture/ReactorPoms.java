package dev.geocdn.architecture;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reactor's module poms as written (not as Maven resolves them): each module's artifact id and
 * the dependencies it declares, in every scope. The reactor root is found by walking up from the
 * working directory to the first pom.xml that lists modules, so the checks run the same from the
 * module's directory (Maven) and from the repository's root (an IDE).
 */
final class ReactorPoms {

    /** A {@code <dependency>} as a pom declares it; {@code scope} is {@code compile} when absent. */
    record Dependency(String groupId, String artifactId, String scope) {

        boolean isOurs() {
            return GeoCdnModule.GROUP_ID.equals(groupId);
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + " (scope " + scope + ")";
        }
    }

    /** One module: its directory, its artifact id and what its pom declares. */
    record ModulePom(String directory, String artifactId, List<Dependency> dependencies) {
    }

    private ReactorPoms() {
    }

    /** Every module listed in the reactor root's pom, in its order. */
    static List<ModulePom> read() {
        Path root = reactorRoot(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        List<ModulePom> modules = new ArrayList<>();
        for (String directory : childTexts(parse(root.resolve("pom.xml")), "modules", "module")) {
            Element project = parse(root.resolve(directory).resolve("pom.xml"));
            modules.add(new ModulePom(directory, childText(project, "artifactId"), dependencies(project)));
        }
        return modules;
    }

    private static Path reactorRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && !childTexts(parse(pom), "modules", "module").isEmpty()) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml with <modules> in " + start + " or above it: run from the repository");
    }

    /**
     * Every {@code <dependency>} the pom declares, in profiles and plugins too, but not those under
     * {@code <dependencyManagement>}, which only choose versions.
     */
    private static List<Dependency> dependencies(Element project) {
        List<Dependency> out = new ArrayList<>();
        NodeList all = project.getElementsByTagName("dependency");
        for (int i = 0; i < all.getLength(); i++) {
            Element dependency = (Element) all.item(i);
            if (!isManaged(dependency)) {
                String groupId = childText(dependency, "groupId").replace("${project.groupId}", GeoCdnModule.GROUP_ID);
                String scope = childText(dependency, "scope");
                out.add(new Dependency(groupId, childText(dependency, "artifactId"), scope.isEmpty() ? "compile" : scope));
            }
        }
        return out;
    }

    private static boolean isManaged(Element dependency) {
        for (Node n = dependency.getParentNode(); n != null; n = n.getParentNode()) {
            if ("dependencyManagement".equals(n.getNodeName())) {
                return true;
            }
        }
        return false;
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e.getTextContent().trim();
            }
        }
        return "";
    }

    private static List<String> childTexts(Element project, String list, String item) {
        List<String> out = new ArrayList<>();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && list.equals(e.getTagName())) {
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element ce && item.equals(ce.getTagName())) {
                        out.add(ce.getTextContent().trim());
                    }
                }
            }
        }
        return out;
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }
}
