package io.corio.servers.http;

/** {@code GET /} → {@code Hello, World!}: what a listener without a root serves, and the benchmark route. */
final class HelloWorld implements HttpHandler {
    static final HttpHandler DIRECT = HttpHandler.direct(new HelloWorld());
    private static final byte[] BODY = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String TEXT = "text/plain";

    private final Router router = Router.create().get("/", request -> HttpResponse.bytes(HttpStatus.OK, TEXT, BODY));

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        return router.handle(request);
    }
}
