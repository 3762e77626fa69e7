package io.corio.servers.http;

import io.corio.servers.http.internal.ByteRange;
import io.corio.servers.http.internal.ContentTypes;
import io.corio.servers.http.internal.StaticPaths;
import io.corio.servers.http.internal.Validators;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * An {@link HttpHandler} that serves the files under a root directory, for {@code GET} and {@code HEAD}:
 *
 * <pre>{@code
 * HttpHandler site = StaticFiles.serve(Path.of("public"));                       // every path
 * Router.create().get("/assets/{file...}", StaticFiles.serve(Path.of("assets"), "/assets"));
 * }</pre>
 *
 * <ul>
 * <li>The request path is decoded segment by segment and refused with 400 when it could leave the root: a
 *     {@code ..} segment (also encoded, {@code %2e%2e}), an encoded {@code /} or {@code \}, a NUL or other control
 *     character, a malformed escape. Dot files ({@code .git}, {@code .env}) answer 404. A file reached through a
 *     symbolic link is served only if its real path is under the root's real path, else 404.</li>
 * <li>A directory answers with its {@code index.html} (a path without the final slash is redirected, 301, to the
 *     one with it, so relative links work); a directory without one answers 404: no listings.</li>
 * <li>{@code Content-Type} comes from the extension (a small built-in table, {@code application/octet-stream}
 *     otherwise); {@code ETag} (strong, from the modification time and size), {@code Last-Modified} and
 *     {@code Accept-Ranges: bytes} are sent with every file.</li>
 * <li>{@code If-None-Match} (or, without it, {@code If-Modified-Since}) answers 304 when the file did not change.
 *     {@code Range: bytes=a-b}, {@code a-} or {@code -n} answers 206 with {@code Content-Range}, honouring
 *     {@code If-Range}; a range past the end answers 416; several ranges or a malformed header serve the whole
 *     file (200), which RFC 9110 allows.</li>
 * <li>Other methods answer 405 with {@code Allow: GET, HEAD}.</li>
 * </ul>
 *
 * The body is an {@link HttpResponse#file} region, which the server sends with {@code Transport.sendFile} (zero
 * copy on TCP and Unix sockets). File metadata is read on the loop thread (a {@code stat} and an {@code open} per
 * request, microseconds on a local disk); serve from a local file system, not from a network mount.
 */
public final class StaticFiles implements HttpHandler {
    private static final String INDEX = "index.html";

    private final Path root;
    private final String prefix;

    private StaticFiles(Path root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    /** Serves {@code root} at every request path. */
    public static StaticFiles serve(Path root) {
        return serve(root, "");
    }

    /**
     * Serves {@code root} under the URL prefix {@code prefix} ({@code "/assets"}: {@code /assets/app.js} is
     * {@code root/app.js}); requests outside the prefix answer 404.
     *
     * @throws IllegalArgumentException if {@code root} is not an existing directory, or the prefix does not start
     *                                  with {@code /} (or is not empty) or ends with {@code /}
     */
    public static StaticFiles serve(Path root, String prefix) {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("the prefix must be empty or start with / and not end with /, got \""
                    + prefix + "\"");
        }
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("the static root " + root + " is not a directory");
            }
            return new StaticFiles(real, prefix);
        } catch (IOException e) {
            throw new IllegalArgumentException("the static root " + root + " cannot be served: " + e, e);
        }
    }

    /** The real path of the root directory. */
    public Path root() {
        return root;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpResponse.text(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n").header("Allow",
                    "GET, HEAD");
        }
        String path = request.path();
        if (!path.startsWith(prefix)) {
            return notFound();
        }
        String rest = path.substring(prefix.length());
        if (rest.isEmpty()) {
            return redirectToDirectory(request, path);
        }
        if (rest.charAt(0) != '/') {
            return notFound();   // "/assetsx" under the prefix "/assets"
        }
        var resolved = StaticPaths.resolve(rest);
        if (resolved.refused()) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "Bad path: " + resolved.refusal() + "\n");
        }
        if (resolved.isHidden()) {
            return notFound();
        }
        Path file = resolved.under(root);
        BasicFileAttributes attrs = attributes(file);
        if (attrs != null && attrs.isDirectory()) {
            if (!rest.endsWith("/")) {
                return redirectToDirectory(request, path);
            }
            file = file.resolve(INDEX);
            attrs = attributes(file);
        }
        if (attrs == null || !attrs.isRegularFile() || !insideRoot(file)) {
            return notFound();
        }
        return answer(request, file, attrs);
    }

    private HttpResponse answer(HttpRequest request, Path file, BasicFileAttributes attrs) throws IOException {
        long size = attrs.size();
        long mtimeMillis = attrs.lastModifiedTime().toMillis();
        String etag = Validators.etag(size, attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        String lastModified = Validators.httpDate(mtimeMillis);
        String ifNoneMatch = request.header("If-None-Match");
        String ifModifiedSince = request.header("If-Modified-Since");
        if (ifNoneMatch != null ? Validators.noneMatchFails(ifNoneMatch, etag)
                : ifModifiedSince != null && Validators.notModifiedSince(ifModifiedSince, mtimeMillis)) {
            return HttpResponse.of(HttpStatus.NOT_MODIFIED).header("ETag", etag).header("Last-Modified",
                    lastModified);
        }
        ByteRange range = ByteRange.parse(request.header("Range"), size);
        String ifRange = request.header("If-Range");
        if (range != null && ifRange != null && !Validators.ifRangeHolds(ifRange, etag, mtimeMillis)) {
            range = null;
        }
        if (range == ByteRange.UNSATISFIABLE) {
            return HttpResponse.text(HttpStatus.RANGE_NOT_SATISFIABLE, "Range Not Satisfiable: the file has "
                    + size + " bytes\n").header("Content-Range", "bytes */" + size);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return notFound();   // removed since we looked
        }
        HttpResponse response = range == null ? HttpResponse.file(channel, 0, size)
                : HttpResponse.file(channel, range.first(), range.length()).status(HttpStatus.PARTIAL_CONTENT)
                        .header("Content-Range", range.contentRange(size));
        return response.contentType(ContentTypes.of(file.getFileName().toString()))
                .header("ETag", etag)
                .header("Last-Modified", lastModified)
                .header("Accept-Ranges", "bytes");
    }

    /** The attributes of {@code file} following links, or null when it does not exist (or cannot be read). */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            return null;   // permission denied and the like: as if absent, telling nothing about the tree
        }
    }

    /** False when a symbolic link leads out of the root. */
    private boolean insideRoot(Path file) {
        try {
            return file.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse redirectToDirectory(HttpRequest request, String path) {
        String query = request.query();
        return HttpResponse.text(HttpStatus.MOVED_PERMANENTLY, "Moved Permanently\n")
                .header("Location", path + "/" + (query == null ? "" : "?" + query));
    }

    private static HttpResponse notFound() {
        return HttpResponse.text(HttpStatus.NOT_FOUND, "Not Found\n");
    }

    @Override
    public String toString() {
        return "StaticFiles[root=" + root + (prefix.isEmpty() ? "" : ", prefix=" + prefix) + "]";
    }
}
