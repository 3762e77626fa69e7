package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Routing without a connection: requests built in memory, handlers called directly. */
class RouterTest {
    private final Router router = Router.create()
            .get("/", r -> HttpResponse.text("root"))
            .get("/users/{id}", r -> HttpResponse.text("user " + r.pathParam("id")))
            .post("/users/{id}", r -> HttpResponse.text("posted " + r.pathParam("id")))
            .get("/users/{id}/posts/{post}", r -> HttpResponse.text(r.pathParams().toString()))
            .get("/files/{path...}", r -> HttpResponse.text("file " + r.pathParam("path")))
            .delete("/exact", r -> HttpResponse.of(HttpStatus.NO_CONTENT));

    private HttpResponse handle(String method, String target) throws Exception {
        return router.handle(new BodilessRequest(method, target));
    }

    @Test
    void exactAndParameterRoutesMatch() throws Exception {
        assertThat(handle("GET", "/").bodyAsString()).isEqualTo("root");
        assertThat(handle("GET", "/users/42?x=1").bodyAsString()).isEqualTo("user 42");
        assertThat(handle("POST", "/users/7").bodyAsString()).isEqualTo("posted 7");
        assertThat(handle("GET", "/users/a%20b/posts/9").bodyAsString()).isEqualTo("{id=a b, post=9}");
        assertThat(handle("DELETE", "/exact").status()).isEqualTo(204);
    }

    @Test
    void aRestParameterTakesTheRemainingPath() throws Exception {
        assertThat(handle("GET", "/files/css/site.css").bodyAsString()).isEqualTo("file css/site.css");
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(handle("GET", "/nope").status()).isEqualTo(404);
        assertThat(handle("GET", "/users").status()).isEqualTo(404);
        assertThat(handle("GET", "/users/42/extra").status()).isEqualTo(404);
        assertThat(handle("GET", "/users//posts/1").status()).isEqualTo(404);
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
        HttpResponse response = handle("PUT", "/users/42");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers().get("Allow")).isEqualTo("GET, POST, HEAD");
        assertThat(handle("GET", "/exact").headers().get("allow")).isEqualTo("DELETE");
    }

    @Test
    void headIsServedByTheGetRoute() throws Exception {
        assertThat(handle("HEAD", "/users/5").bodyAsString()).isEqualTo("user 5");
        assertThat(handle("HEAD", "/").bodyAsString()).isEqualTo("root");
    }

    @Test
    void badPatternsAreRefusedWhenAdded() {
        assertThatThrownBy(() -> Router.create().get("users", r -> null)).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> Router.create().get("/{a}/{a}", r -> null)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> Router.create().get("/{rest...}/x", r -> null)).hasMessageContaining("last segment");
        assertThatThrownBy(() -> Router.create().get("/a{b}", r -> null)).hasMessageContaining("whole {param}");
    }

    @Test
    void queryParametersAreDecoded() {
        var request = new BodilessRequest("GET", "/s?q=a+b%21&q=2&flag&e=");
        assertThat(request.queryParams()).containsEntry("q", java.util.List.of("a b!", "2"));
        assertThat(request.queryParam("flag")).isEmpty();
        assertThat(request.queryParam("missing")).isNull();
        assertThat(request.path()).isEqualTo("/s");
        assertThat(new BodilessRequest("GET", "http://example.com/a/b?c=d").path()).isEqualTo("/a/b");
        assertThat(new BodilessRequest("GET", "http://example.com").path()).isEqualTo("/");
    }
}
