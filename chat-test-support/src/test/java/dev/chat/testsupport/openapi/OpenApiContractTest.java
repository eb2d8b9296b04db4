package dev.chat.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge itself, on a description of two operations: what it lets pass and what it catches. */
class OpenApiContractTest {

    private static final String ERROR = "{\"content\":{\"application/json\":{\"schema\":{"
            + "\"$ref\":\"#/components/schemas/Error\"}}},\"description\":\"e\"}";

    private static final OpenApiContract CONTRACT = OpenApiContract.of("{\"openapi\":\"3.1.0\","
            + "\"info\":{\"title\":\"t\",\"version\":\"1\"},"
            + "\"security\":[{\"bearer\":[]}],"
            + "\"paths\":{"
            + "\"/api/rooms/{room}/messages/{id}\":{\"parameters\":["
            + "{\"name\":\"room\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}},"
            + "{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}}],"
            + "\"patch\":{\"operationId\":\"edit\",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
            + "{\"schema\":{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}}}},"
            + "\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":"
            + "{\"$ref\":\"#/components/schemas/Message\"}}}},\"default\":" + ERROR + "}}},"
            + "\"/api/login\":{\"post\":{\"operationId\":\"login\",\"security\":[],"
            + "\"responses\":{\"200\":{\"description\":\"ok\",\"headers\":{\"Set-Cookie\":{\"required\":true,"
            + "\"schema\":{\"type\":\"string\"}}}},\"429\":" + ERROR + ",\"default\":" + ERROR + "}}}},"
            + "\"components\":{\"responses\":{\"Error\":" + ERROR + "},\"schemas\":{"
            + "\"Message\":{\"type\":\"object\",\"required\":[\"id\",\"text\"],\"additionalProperties\":false,"
            + "\"properties\":{\"id\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"}}},"
            + "\"Error\":{\"type\":\"object\",\"required\":[\"error\"],\"additionalProperties\":false,\"properties\":"
            + "{\"error\":{\"type\":\"object\",\"required\":[\"code\",\"message\"],\"additionalProperties\":false,"
            + "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}}}}}}}");

    private static final String NOT_FOUND = "{\"error\":{\"code\":\"not_found\",\"message\":\"No.\"}}";

    @Test
    void an_exchange_as_described_passes() {
        assertThat(CONTRACT.check(edit(
                        "/api/rooms/general/messages/42", "{\"text\":\"hi\"}", 200, "{\"id\":42,\"text\":\"hi\"}")))
                .isEmpty();
    }

    @Test
    void a_renamed_response_field_is_caught() {
        List<String> problems = CONTRACT.check(
                edit("/api/rooms/general/messages/42", "{\"text\":\"hi\"}", 200, "{\"id\":42,\"body\":\"hi\"}"));

        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("response body: "));
        assertThat(String.join("\n", problems)).contains("text").contains("body");
    }

    @Test
    void a_status_the_operation_does_not_describe_is_caught() {
        assertThat(CONTRACT.check(edit(
                        "/api/rooms/general/messages/42", "{\"text\":\"hi\"}", 201, "{\"id\":42,\"text\":\"hi\"}")))
                .containsExactly("status 201 is not described for edit (described: 200, default)");
    }

    @Test
    void a_malformed_request_the_server_refused_is_fine_but_its_error_must_have_the_error_shape() {
        assertThat(CONTRACT.check(edit("/api/rooms/general/messages/x", "{\"txt\":1}", 400, NOT_FOUND)))
                .isEmpty();
        assertThat(CONTRACT.check(edit("/api/rooms/general/messages/x", "{}", 400, "{\"code\":\"bad_request\"}")))
                .isNotEmpty();
    }

    @Test
    void a_malformed_request_the_server_accepted_is_caught() {
        List<String> problems = CONTRACT.check(
                edit("/api/rooms/general/messages/x", "{\"txt\":\"hi\"}", 200, "{\"id\":1,\"text\":\"hi\"}"));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("'id' is 'x', not a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("request body (the server accepted it): "));
    }

    @Test
    void a_success_without_the_credentials_the_operation_needs_is_caught() {
        HttpExchange anonymous = new HttpExchange(
                "PATCH",
                URI.create("http://localhost/api/rooms/general/messages/42"),
                Map.of(),
                "{\"text\":\"hi\"}",
                200,
                json(),
                "{\"id\":42,\"text\":\"hi\"}");

        assertThat(CONTRACT.check(anonymous)).singleElement().asString().contains("needs a session");
    }

    @Test
    void a_missing_required_header_is_caught() {
        HttpExchange login =
                new HttpExchange("POST", URI.create("http://localhost/api/login"), Map.of(), "", 200, Map.of(), "");

        assertThat(CONTRACT.check(login)).containsExactly("the response has no Set-Cookie header");
    }

    @Test
    void paths_that_are_not_described() {
        assertThat(CONTRACT.check(get("/api/nothing", 404, NOT_FOUND))).isEmpty();
        assertThat(CONTRACT.check(get("/api/nothing", 200, "{}")))
                .anySatisfy(p -> assertThat(p).contains("the path is not described"));
        assertThat(CONTRACT.check(get("/index.html", 200, "<html>"))).isEmpty();
        assertThat(CONTRACT.check(get("/api/login", 405, NOT_FOUND))).isEmpty();
        assertThat(CONTRACT.check(get("/api/login", 200, "{}")))
                .anySatisfy(p -> assertThat(p).contains("GET /api/login is not described"));
    }

    private static HttpExchange edit(String path, String body, int status, String answer) {
        return new HttpExchange(
                "PATCH",
                URI.create("http://localhost" + path),
                Map.of("Authorization", List.of("Bearer t"), "Content-Type", List.of("application/json")),
                body,
                status,
                json(),
                answer);
    }

    private static HttpExchange get(String path, int status, String answer) {
        return new HttpExchange("GET", URI.create("http://localhost" + path), Map.of(), "", status, json(), answer);
    }

    private static Map<String, List<String>> json() {
        return Map.of("content-type", List.of("application/json; charset=utf-8"));
    }
}
