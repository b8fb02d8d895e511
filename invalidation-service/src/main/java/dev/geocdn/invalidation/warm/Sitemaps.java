package dev.geocdn.invalidation.warm;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads sitemaps as sitemaps.org defines them: a {@code urlset} whose {@code url/loc} elements
 * are pages, or a {@code sitemapindex} whose {@code sitemap/loc} elements are further sitemaps.
 * A gzipped file (the protocol allows {@code sitemap.xml.gz}) is recognised by its magic bytes,
 * whatever its {@code Content-Type} says. Elements are matched by local name, so a sitemap
 * without the namespace is read too.
 *
 * <p>DTDs and external entities are refused: a sitemap comes from a URL the caller chose, and
 * an XML parser that resolves entities can be made to read local files or expand a few bytes
 * into gigabytes. Uncompressed, a sitemap may hold {@code maxBytes} at most (the protocol's
 * limit is 50 MB). Pure.
 */
public final class Sitemaps {

    /** What one sitemap file lists. */
    public record Sitemap(List<String> pages, List<String> sitemaps) {
    }

    /** The file is not a sitemap this reader can use; the message says why. */
    public static final class UnreadableSitemapException extends RuntimeException {
        public UnreadableSitemapException(String message) {
            super(message, null, false, false);
        }
    }

    private Sitemaps() {
    }

    /**
     * The pages and child sitemaps listed in {@code bytes}.
     *
     * @param maxBytes the largest uncompressed size read
     */
    public static Sitemap read(byte[] bytes, long maxBytes) {
        try (InputStream in = uncompressed(bytes, maxBytes)) {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            try {
                return read(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new UnreadableSitemapException("not a well-formed XML sitemap: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UnreadableSitemapException("the sitemap could not be read: " + e.getMessage());
        }
    }

    private static Sitemap read(XMLStreamReader xml) throws XMLStreamException {
        List<String> pages = new ArrayList<>();
        List<String> sitemaps = new ArrayList<>();
        String root = null;
        String entry = null; // url or sitemap, while inside one
        while (xml.hasNext()) {
            int event = xml.next();
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (root == null) {
                root = name;
                if (!root.equals("urlset") && !root.equals("sitemapindex")) {
                    throw new UnreadableSitemapException("a sitemap's root element is urlset or sitemapindex, not "
                            + root);
                }
            } else if (name.equals("url") || name.equals("sitemap")) {
                entry = name;
            } else if (name.equals("loc") && entry != null) {
                String loc = xml.getElementText().strip();
                if (!loc.isEmpty()) {
                    (entry.equals("url") ? pages : sitemaps).add(loc);
                }
                entry = null;
            }
        }
        if (root == null) {
            throw new UnreadableSitemapException("the sitemap is empty");
        }
        return new Sitemap(pages, sitemaps);
    }

    private static InputStream uncompressed(byte[] bytes, long maxBytes) throws IOException {
        boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        InputStream raw = new ByteArrayInputStream(bytes);
        return new Bounded(gzip ? new GZIPInputStream(raw) : raw, maxBytes);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(message);
        return line.replaceFirst("^Message: ", "").strip();
    }

    /** Refuses to read past {@code max} bytes, so a small gzip cannot expand without bound. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new UnreadableSitemapException("the sitemap is larger than " + max
                        + " bytes uncompressed (cdn.invalidation.warm.sitemap-max-size)");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
