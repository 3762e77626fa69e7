package io.corio.servers.http;

import io.corio.servers.http.internal.UriCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends each request to the handler registered for its method and path. Patterns are paths whose segments may be
 * parameters: {@code /users/{id}/posts}, matched one segment each, and a last segment {@code {name...}} that takes
 * the rest of the path ({@code /static/{file...}}). Parameter values are percent-decoded and reach the handler as
 * {@link HttpRequest#pathParam}. Routes are tried in the order they were added; exact paths (no parameters) are
 * found with one hash lookup.
 *
 * <p>No route for the path: 404 (or the {@link #notFound} handler). A route for the path but not for the method:
 * 405 with {@code Allow} listing the methods that would match. {@code HEAD} is served by the {@code GET} route when
 * there is no {@code HEAD} route (the server sends the head without the body).
 *
 * <p>Build the router before serving; matching is read-only and needs no lock.
 */
public final class Router implements HttpHandler {
    private record Segment(String literal, String param, boolean rest) {
    }

    private record Route(String method, String pattern, Segment[] segments, HttpHandler handler) {
    }

    private final Map<String, List<Route>> exact = new HashMap<>();
    private final List<Route> patterned = new ArrayList<>();
    private HttpHandler notFound = request -> HttpResponse.text(HttpStatus.NOT_FOUND, "Not Found\n");

    private Router() {
    }

    public static Router create() {
        return new Router();
    }

    public Router get(String pattern, HttpHandler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, HttpHandler handler) {
        return route("POST", pattern, handler);
    }

    public Router put(String pattern, HttpHandler handler) {
        return route("PUT", pattern, handler);
    }

    public Router delete(String pattern, HttpHandler handler) {
        return route("DELETE", pattern, handler);
    }

    public Router patch(String pattern, HttpHandler handler) {
        return route("PATCH", pattern, handler);
    }

    /**
     * Adds a route. Returns this.
     *
     * @throws IllegalArgumentException if the pattern does not start with {@code /}, a parameter is unnamed or
     *                                  repeated, or {@code {name...}} is not the last segment
     */
    public Router route(String method, String pattern, HttpHandler handler) {
        if (method == null || method.isEmpty() || !method.chars().allMatch(HttpHeaders::isTokenChar)) {
            throw new IllegalArgumentException("invalid method \"" + method + "\" for route " + pattern);
        }
        var route = new Route(method, pattern, parse(pattern), handler);
        if (java.util.Arrays.stream(route.segments).allMatch(s -> s.literal != null)) {
            exact.computeIfAbsent(pattern, p -> new ArrayList<>(2)).add(route);
        } else {
            patterned.add(route);
        }
        return this;
    }

    /** Answers requests that match no route's path (default: 404 {@code Not Found}). Returns this. */
    public Router notFound(HttpHandler handler) {
        this.notFound = handler;
        return this;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        String path = request.path();
        String method = request.method();
        Route get = null;
        Set<String> allowed = null;
        List<Route> candidates = exact.get(path);
        if (candidates != null) {
            for (Route r : candidates) {
                if (r.method.equals(method)) {
                    return r.handler.handle(request);
                }
                if (r.method.equals("GET") && get == null) {
                    get = r;
                }
                allowed = allow(allowed, r.method);
            }
        }
        LinkedHashMap<String, String> getParams = null;
        for (Route r : patterned) {
            LinkedHashMap<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                request.pathParams(params);
                return r.handler.handle(request);
            }
            if (r.method.equals("GET") && get == null) {
                get = r;
                getParams = params;
            }
            allowed = allow(allowed, r.method);
        }
        if (get != null && method.equals("HEAD")) {
            if (getParams != null) {
                request.pathParams(getParams);
            }
            return get.handler.handle(request);
        }
        if (allowed == null) {
            return notFound.handle(request);
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return HttpResponse.text(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n")
                .header("Allow", String.join(", ", allowed));
    }

    private static Set<String> allow(Set<String> allowed, String method) {
        Set<String> set = allowed == null ? new LinkedHashSet<>() : allowed;
        set.add(method);
        return set;
    }

    /** The parameters when {@code path} matches, else null. Walks the path by index: no split, no regex. */
    private static LinkedHashMap<String, String> match(Segment[] segments, String path) {
        LinkedHashMap<String, String> params = null;
        int pos = 1;
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return null;
        }
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            if (s.rest) {
                if (params == null) {
                    params = new LinkedHashMap<>(4);
                }
                params.put(s.param, UriCodec.decode(path.substring(Math.min(pos, n)), false));
                return params;
            }
            if (pos > n) {
                return null;
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = n;
            }
            if (s.literal != null) {
                if (end - pos != s.literal.length() || !path.regionMatches(pos, s.literal, 0, end - pos)) {
                    return null;
                }
            } else {
                if (end == pos) {
                    return null; // a parameter matches a non-empty segment
                }
                if (params == null) {
                    params = new LinkedHashMap<>(4);
                }
                params.put(s.param, UriCodec.decode(path.substring(pos, end), false));
            }
            pos = end + 1;
        }
        if (pos <= n) {
            return null; // path has more segments
        }
        return params == null ? new LinkedHashMap<>(1) : params;
    }

    private static Segment[] parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern must start with /, got \"" + pattern + "\"");
        }
        if (pattern.equals("/")) {
            return new Segment[] {new Segment("", null, false)};
        }
        String[] parts = pattern.substring(1).split("/", -1);
        var segments = new Segment[parts.length];
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                boolean rest = p.endsWith("...}");
                String name = p.substring(1, p.length() - (rest ? 4 : 1));
                if (name.isEmpty() || !names.add(name)) {
                    throw new IllegalArgumentException("route " + pattern + ": parameter \"" + p
                            + "\" is unnamed or repeated");
                }
                if (rest && i != parts.length - 1) {
                    throw new IllegalArgumentException("route " + pattern + ": {" + name
                            + "...} must be the last segment");
                }
                segments[i] = new Segment(null, name, rest);
            } else if (p.contains("{") || p.contains("}")) {
                throw new IllegalArgumentException("route " + pattern + ": segment \"" + p
                        + "\" must be a literal or a whole {param}");
            } else {
                segments[i] = new Segment(p, null, false);
            }
        }
        return segments;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("Router[");
        exact.values().forEach(list -> list.forEach(r -> sb.append(r.method).append(' ').append(r.pattern)
                .append(", ")));
        patterned.forEach(r -> sb.append(r.method).append(' ').append(r.pattern).append(", "));
        if (sb.length() > 7) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(']').toString();
    }
}
