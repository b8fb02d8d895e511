package dev.geocdn.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Serves real files under {@code /files/} so that a test can put known bytes (an HTML page, an
 * image) behind the proxy. Only regular files strictly inside the root are served: {@code ..}
 * segments are refused with 400 and anything resolving outside the root (e.g. via a symlink) is 404.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m4s", "video/iso.segment"));

    private final Path root;

    /** @param root the directory to serve, or {@code null} to answer 404 for every file */
    StaticFiles(Path root) {
        Path real = null;
        if (root != null) {
            try {
                real = root.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("static root " + root + " is not readable", e);
            }
        }
        this.root = real;
    }

    /** A file found under the root, with what its default validators are derived from. */
    record StaticFile(Path path, long size, Instant modified) {

        /** A strong validator from size and modification time, as nginx does. */
        String etag() {
            return "\"" + Long.toHexString(modified.getEpochSecond()) + "-" + Long.toHexString(size) + "\"";
        }

        String contentType() {
            return StaticFiles.contentType(path.getFileName().toString());
        }

        Body body() {
            return new FileBody(path, size);
        }
    }

    /**
     * Resolves a decoded path relative to the root.
     *
     * @return the file, or {@code null} when there is no root or no such regular file
     * @throws BadRequestException for {@code ..} segments and names the file system cannot hold
     */
    StaticFile find(String relative) {
        for (String segment : relative.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new BadRequestException("path traversal is not allowed");
            }
        }
        if (relative.indexOf('\0') >= 0) {
            throw new BadRequestException("invalid file name");
        }
        if (root == null) {
            return null;
        }
        try {
            Path candidate = root.resolve(relative.replaceFirst("^/+", "")).normalize();
            if (!candidate.startsWith(root) || !Files.exists(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                return null;
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return null;
            }
            return new StaticFile(real, attributes.size(), attributes.lastModifiedTime().toInstant());
        } catch (InvalidPathException e) {
            throw new BadRequestException("invalid file name");
        } catch (IOException e) {
            return null;
        }
    }

    static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** A file read lazily in {@link Body#MAX_BUFFER} pieces off the event loop. */
    private record FileBody(Path path, long length) implements Body {

        @Override
        public Flux<ByteBuf> slice(long from, long count) {
            long end = from + count;
            return Flux.<ByteBuf, FileChannel>using(
                            () -> FileChannel.open(path, StandardOpenOption.READ),
                            channel -> Flux.<ByteBuf, Long>generate(() -> from, (state, sink) -> {
                                long pos = state;
                                if (pos >= end) {
                                    sink.complete();
                                    return pos;
                                }
                                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_BUFFER, end - pos));
                                try {
                                    while (buffer.hasRemaining()) {
                                        if (channel.read(buffer, pos + buffer.position()) < 0) {
                                            throw new IOException(path + " shrank while being served");
                                        }
                                    }
                                } catch (IOException e) {
                                    sink.error(e);
                                    return pos;
                                }
                                buffer.flip();
                                sink.next(Unpooled.wrappedBuffer(buffer));
                                return pos + buffer.limit();
                            }),
                            channel -> {
                                try {
                                    channel.close();
                                } catch (IOException ignored) {
                                    // nothing more to do for a file that was only read
                                }
                            })
                    .subscribeOn(Schedulers.boundedElastic());
        }
    }
}
