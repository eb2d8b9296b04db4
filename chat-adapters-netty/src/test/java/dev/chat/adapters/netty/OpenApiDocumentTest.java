package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Tokens;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import dev.chat.testsupport.openapi.HttpExchange;
import dev.chat.testsupport.openapi.OpenApiContract;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description (src/main/resources/dev/chat/adapters/netty/openapi.json) is a valid OpenAPI 3.1
 * document, describes exactly the routes the server has, is served at {@code GET /api/openapi.json} to anyone, and
 * is matched by the server's answers to a short session of calls (the end-to-end suites check many more).
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = ValidatingHttpClient.wrap(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build());

    /** The admin who makes bots; the calls over HTTP are others'. */
    private static final Username ROOT = Username.of("root");

    private ChatCore core;
    private NettyChatServer server;

    @BeforeEach
    void start() throws InterruptedException {
        core = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withAdmins(Set.of(ROOT)))
                .build();
        server = CoreApi.serve(core);
    }

    @AfterEach
    void stop() {
        server.stop();
        core.close();
    }

    @Test
    void the_description_is_a_valid_openapi_3_1_document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(resource(), null, options);

        assertThat(parsed.getMessages()).as("what the parser found wrong").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(parsed.getOpenAPI().getPaths()).containsKey("/api/openapi.json");
    }

    @Test
    void the_description_has_every_route_of_the_server_and_no_other() throws IOException {
        List<String> described = new ArrayList<>();
        JSON.readTree(resource())
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) {
                        described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        List<String> routes = new ArrayList<>(ApiRoutes.TABLE.routes());
        routes.addAll(List.of("GET /healthz", "GET /readyz", "GET /ws"));

        assertThat(described).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void the_server_serves_the_description_to_anyone() throws Exception {
        HttpResponse<String> served = get("/api/openapi.json", null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(served.body()).isEqualTo(resource());
    }

    @Test
    void the_description_names_the_version_of_the_build_that_serves_it() throws Exception {
        java.util.regex.Matcher parent = java.util.regex.Pattern.compile("(?s)<parent>.*?<version>([^<]+)</version>")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml")));
        assertThat(parent.find())
                .as("this module's pom.xml names its parent's version")
                .isTrue();

        String version = new ObjectMapper()
                .readTree(get("/api/openapi.json", null).body())
                .path("info")
                .path("version")
                .asText();

        assertThat(version).isEqualTo(parent.group(1));
    }

    @Test
    void a_session_of_calls_matches_the_description() throws Exception {
        assertThat(post("/api/register", "{\"username\":\"Ana\",\"password\":\"ana-password\"}", null)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> login = post("/api/login", "{\"username\":\"ana\",\"password\":\"ana-password\"}", null);
        String token = JSON.readTree(login.body()).path("token").asText();
        assertThat(post("/api/login", "{\"username\":\"ana\",\"password\":\"wrong-password\"}", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/me", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/session", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/session", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/config", null).statusCode()).isEqualTo(200);
        assertThat(post("/api/rooms", "{\"name\":\"lobby\",\"topic\":\"Say hello\"}", token)
                        .statusCode())
                .isEqualTo(201);
        assertThat(post("/api/rooms", "{\"name\":\"lobby\"}", token).statusCode())
                .isEqualTo(409);
        assertThat(get("/api/rooms?limit=10", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/rooms/lobby/messages", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/rooms/lobby/members", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/rooms/nowhere/messages", token).statusCode()).isEqualTo(404);
        assertThat(get("/api/mentions", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/admin/users", token).statusCode()).isEqualTo(403);
        assertThat(get("/api/no-such-thing", token).statusCode()).isEqualTo(404);
        assertThat(post("/api/me", "{}", token).statusCode()).isEqualTo(405);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(post("/api/logout", "", token).statusCode()).isEqualTo(204);
    }

    @Test
    void a_bot_s_messages_and_membership_say_so_and_match_the_description() throws Exception {
        post("/api/register", "{\"username\":\"ana\",\"password\":\"ana-password\"}", null);
        String ana = JSON.readTree(post("/api/login", "{\"username\":\"ana\",\"password\":\"ana-password\"}", null)
                        .body())
                .path("token")
                .asText();
        core.operators().createAccount(ROOT, new Password("root-password"));
        Principal root = core.accounts().login("root", "root-password").principal();
        Username robo = core.tokens().createBot(root, Username.of("robo"));
        Principal bot = core.accounts()
                .authenticate(core.tokens()
                        .createFor(root, robo, new Tokens.Request("ci", Set.of(), true, null))
                        .token())
                .orElseThrow();
        post("/api/rooms", "{\"name\":\"team\",\"visibility\":\"private\"}", ana);

        HttpResponse<String> added = post("/api/rooms/team/members", "{\"username\":\"robo\"}", ana);
        core.messages().post(bot, RoomName.of("team"), MessageText.of("build green"), new ClientId("r1"));
        core.messages()
                .post(
                        core.accounts().authenticate(ana).orElseThrow(),
                        RoomName.of("team"),
                        MessageText.of("thanks"),
                        new ClientId("a1"));

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(added.body()).path("bot").asBoolean()).isTrue();
        HttpResponse<String> members = get("/api/rooms/team/members", ana);
        assertThat(JSON.readTree(members.body()).path("members"))
                .extracting(m -> m.path("username").asText() + ":" + m.has("bot"))
                .containsExactly("ana:false", "robo:true");
        HttpResponse<String> history = get("/api/rooms/team/messages", ana);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(history.body()).path("messages"))
                .extracting(m -> m.path("user").asText() + ":" + m.path("bot").asBoolean(false) + ":" + m.has("via"))
                .containsExactlyInAnyOrder("robo:true:false", "ana:false:false");
    }

    @Test
    void an_answer_with_a_renamed_field_does_not_match() {
        HttpExchange renamed = new HttpExchange(
                "GET",
                URI.create("http://127.0.0.1/api/me"),
                Map.of("Authorization", List.of("Bearer t")),
                "",
                200,
                Map.of("Content-Type", List.of("application/json; charset=utf-8")),
                "{\"user\":\"ana\",\"guest\":false,\"admin\":false}");

        List<String> problems = OpenApiContract.chat().check(renamed);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("username"))
                .anySatisfy(p -> assertThat(p).contains("user"));
        assertThat(OpenApiContract.describe(renamed, problems)).contains("GET /api/me → 200", "{\"user\":\"ana\"");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String resource() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
