package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.adapters.dynamodb.DynamoTables;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** The templates and the code agree: tables, permissions, port, settings, health check, timeouts. */
@SuppressWarnings("unchecked")
class ConsistencyTest {

    private final Template resources = Template.load("resources.yml");
    private final Template service = Template.load("chat-service.yml");
    private final Template cluster = Template.load("cluster.yml");

    /** The table's name without its prefix: {@code !Sub ${TablePrefix}messages} → {@code messages}. */
    private static String tableName(Map<String, Object> table) {
        Object name = Template.properties(table).get("TableName");
        String text = String.valueOf(name instanceof Map<?, ?> sub ? sub.get("Fn::Sub") : name);
        return text.replaceAll("^\\$\\{[^}]*}", "");
    }

    private Map<String, Map<String, Object>> tablesByName() {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        resources.resources("AWS::DynamoDB::Table").forEach((id, table) -> byName.put(tableName(table), table));
        return byName;
    }

    private static List<Map<String, String>> keys(Object keySchema) {
        return ((List<Map<String, Object>>) keySchema)
                .stream()
                        .map(k -> Map.of(
                                "AttributeName",
                                String.valueOf(k.get("AttributeName")),
                                "KeyType",
                                String.valueOf(k.get("KeyType"))))
                        .toList();
    }

    @Test
    void the_tables_have_exactly_the_names_keys_and_indexes_of_the_adapter() {
        Map<String, Map<String, Object>> tables = tablesByName();
        assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(DynamoTables.NAMES);
        for (String name : DynamoTables.NAMES) {
            Map<String, Object> declared = Template.properties(tables.get(name));
            CreateTableRequest code = DynamoTables.createRequest("", name);

            assertThat(keys(declared.get("KeySchema")))
                    .as("%s key schema", name)
                    .containsExactlyElementsOf(code.keySchema().stream()
                            .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                            .toList());
            assertThat(((List<Map<String, Object>>) declared.get("AttributeDefinitions"))
                            .stream()
                                    .map(a -> a.get("AttributeName") + ":" + a.get("AttributeType"))
                                    .collect(Collectors.toSet()))
                    .as("%s attribute definitions", name)
                    .isEqualTo(code.attributeDefinitions().stream()
                            .map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                            .collect(Collectors.toSet()));
            List<Map<String, Object>> indexes =
                    (List<Map<String, Object>>) declared.getOrDefault("LocalSecondaryIndexes", List.of());
            assertThat(indexes).as("%s local indexes", name).hasSameSizeAs(code.localSecondaryIndexes());
            code.localSecondaryIndexes().forEach(index -> {
                Map<String, Object> match = indexes.stream()
                        .filter(i -> index.indexName().equals(i.get("IndexName")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + " lacks index " + index.indexName()));
                assertThat(keys(match.get("KeySchema")))
                        .containsExactlyElementsOf(index.keySchema().stream()
                                .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                                .toList());
                assertThat(((Map<String, Object>) match.get("Projection")).get("ProjectionType"))
                        .isEqualTo(index.projection().projectionTypeAsString());
            });
            List<Map<String, Object>> global =
                    (List<Map<String, Object>>) declared.getOrDefault("GlobalSecondaryIndexes", List.of());
            assertThat(global).as("%s global indexes", name).hasSameSizeAs(code.globalSecondaryIndexes());
            code.globalSecondaryIndexes().forEach(index -> {
                Map<String, Object> match = global.stream()
                        .filter(i -> index.indexName().equals(i.get("IndexName")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + " lacks index " + index.indexName()));
                assertThat(keys(match.get("KeySchema")))
                        .containsExactlyElementsOf(index.keySchema().stream()
                                .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                                .toList());
                assertThat(((Map<String, Object>) match.get("Projection")).get("ProjectionType"))
                        .isEqualTo(index.projection().projectionTypeAsString());
            });
            assertThat(declared.get("BillingMode")).as("%s billing", name).isEqualTo("PAY_PER_REQUEST");
            DynamoTables.ttlAttribute(name)
                    .ifPresent(ttl -> assertThat(((Map<String, Object>) declared.get("TimeToLiveSpecification")))
                            .as("%s time to live", name)
                            .containsEntry("AttributeName", ttl)
                            .containsEntry("Enabled", true));
        }
    }

    /** The role the app's containers run as: the one ECS tasks assume that grants DynamoDB access. */
    private Map<String, Object> taskRole() {
        List<Map<String, Object>> roles = resources.resources("AWS::IAM::Role").values().stream()
                .filter(r -> String.valueOf(Template.properties(r).get("AssumeRolePolicyDocument"))
                        .contains("ecs-tasks.amazonaws.com"))
                .filter(r ->
                        String.valueOf(Template.properties(r).get("Policies")).contains("dynamodb:"))
                .toList();
        assertThat(roles).as("task roles with DynamoDB access in resources.yml").hasSize(1);
        return roles.get(0);
    }

    private static List<Map<String, Object>> statements(Map<String, Object> role) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy :
                (List<Map<String, Object>>) Template.properties(role).get("Policies")) {
            Map<String, Object> document = (Map<String, Object>) policy.get("PolicyDocument");
            statements.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return statements;
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    @Test
    void the_task_role_allows_exactly_the_dynamodb_calls_the_adapter_makes_on_exactly_its_tables() {
        Set<String> granted = new TreeSet<>();
        List<String> resourcesGranted = new ArrayList<>();
        for (Map<String, Object> statement : statements(taskRole())) {
            List<String> actions =
                    list(statement.get("Action")).stream().map(String::valueOf).toList();
            assertThat(actions).as("actions of the task role").noneMatch(a -> a.contains("*"));
            if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                granted.addAll(actions);
                list(statement.get("Resource")).forEach(r -> resourcesGranted.add(resourceShape(r)));
            }
        }

        assertThat(granted)
                .as("DynamoDB actions granted vs made by the adapter")
                .isEqualTo(DynamoDbCalls.recorded());

        Map<String, String> tableIds = new HashMap<>();
        resources.resources("AWS::DynamoDB::Table").forEach((id, t) -> tableIds.put(id, tableName(t)));
        Set<String> allowed = new TreeSet<>();
        tableIds.keySet().forEach(id -> {
            allowed.add(id + ".Arn");
            allowed.add(id + ".Arn/index/*");
        });
        assertThat(resourcesGranted)
                .as("resources the DynamoDB statements name (table ARNs and their indexes only)")
                .isNotEmpty()
                .allMatch(allowed::contains);
        assertThat(resourcesGranted)
                .as("every table is reachable")
                .containsAll(tableIds.keySet().stream().map(id -> id + ".Arn").toList());
    }

    @Test
    void every_call_the_adapter_makes_is_allowed_on_the_table_or_index_it_names() {
        Map<String, String> tableIds = new HashMap<>();
        resources.resources("AWS::DynamoDB::Table").forEach((id, t) -> tableIds.put(tableName(t), id));
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> statement : statements(taskRole())) {
            for (Object action : list(statement.get("Action"))) {
                list(statement.get("Resource")).forEach(r -> allowed.add(action + " on " + resourceShape(r)));
            }
        }

        Set<String> needed = new TreeSet<>();
        for (DynamoDbCalls.Call call : DynamoDbCalls.calls()) {
            String table = tableIds.get(call.table());
            assertThat(table)
                    .as("resources.yml declares table %s", call.table())
                    .isNotNull();
            needed.add(call.action() + " on " + table + ".Arn" + (call.index() == null ? "" : "/index/*"));
        }

        for (String name : DynamoTables.NAMES) {
            CreateTableRequest code = DynamoTables.createRequest("", name);
            if (!code.globalSecondaryIndexes().isEmpty()
                    || !code.localSecondaryIndexes().isEmpty()) {
                assertThat(needed)
                        .as("the recorded calls query the indexes of %s", name)
                        .contains("dynamodb:Query on " + tableIds.get(name) + ".Arn/index/*");
            }
        }
        assertThat(allowed).as("what the task role allows").containsAll(needed);
    }

    /**
     * The tables added since tokens have a statement each, so they are held to least privilege table by table: the
     * actions the task role allows on each are exactly those its store makes on it (the older tables share one
     * statement).
     */
    @ParameterizedTest
    @ValueSource(strings = {DynamoTables.TOKENS, DynamoTables.WEBHOOKS, DynamoTables.WEBHOOK_LOG})
    void a_newer_table_is_granted_exactly_the_calls_its_store_makes_on_it(String table) {
        String id = resources.resources("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> tableName(e.getValue()).equals(table))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("resources.yml declares no table " + table));
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> statement : statements(taskRole())) {
            if (list(statement.get("Resource")).stream()
                    .map(ConsistencyTest::resourceShape)
                    .anyMatch(r -> r.startsWith(id + ".Arn"))) {
                list(statement.get("Action")).forEach(a -> granted.add(String.valueOf(a)));
            }
        }

        assertThat(granted)
                .as("actions allowed on %s vs made on it by the adapter", id)
                .isEqualTo(DynamoDbCalls.calls().stream()
                        .filter(c -> c.table().equals(table))
                        .map(DynamoDbCalls.Call::action)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** {@code !GetAtt T.Arn} → {@code T.Arn}; {@code !Sub ${T.Arn}/index/*} → {@code T.Arn/index/*}; else as text. */
    private static String resourceShape(Object resource) {
        if (resource instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
            return getAtt.get(0) + "." + getAtt.get(1);
        }
        if (resource instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String sub) {
            return sub.replaceAll("\\$\\{([^}]*)}", "$1");
        }
        return String.valueOf(resource);
    }

    @Test
    void the_exported_task_role_arn_is_the_task_role() {
        String taskRoleId = resources.resources("AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getValue() == taskRole())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        List<String> exportedRoles = resources.section("Outputs").values().stream()
                .map(o -> ((Map<String, Object>) o).get("Value"))
                .filter(v -> v instanceof Map<?, ?> m
                        && m.get("Fn::GetAtt") instanceof List<?> g
                        && "Arn".equals(g.get(1))
                        && resources.section("Resources").containsKey(g.get(0))
                        && "AWS::IAM::Role"
                                .equals(resources.resource((String) g.get(0)).get("Type")))
                .map(v -> (String) ((List<Object>) ((Map<String, Object>) v).get("Fn::GetAtt")).get(0))
                .toList();
        assertThat(exportedRoles).as("role ARNs resources.yml outputs").contains(taskRoleId);
    }

    /** The app's container (the task also runs its metrics collector). */
    private Map<String, Object> container() {
        return container(service);
    }

    static Map<String, Object> container(Template service) {
        Map<String, Map<String, Object>> definitions = service.resources("AWS::ECS::TaskDefinition");
        assertThat(definitions).hasSize(1);
        List<Map<String, Object>> containers = (List<Map<String, Object>>)
                Template.properties(definitions.values().iterator().next()).get("ContainerDefinitions");
        List<Map<String, Object>> chat =
                containers.stream().filter(c -> "chat".equals(c.get("Name"))).toList();
        assertThat(chat).as("the container named chat").hasSize(1);
        return chat.get(0);
    }

    /** The container's settings as the app reads them, secrets standing in with valid values. */
    Config containerConfig() {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> variable :
                (List<Map<String, Object>>) container().getOrDefault("Environment", List.of())) {
            env.put((String) variable.get("Name"), value(variable.get("Value")));
        }
        for (Map<String, Object> secret :
                (List<Map<String, Object>>) container().getOrDefault("Secrets", List.of())) {
            String name = (String) secret.get("Name");
            env.put(name, name.equals("CHAT_REDIS_URL") ? "rediss://:token@cache.example.com:6379" : "secret");
        }
        return Config.load(new String[0], env);
    }

    /**
     * A literal as written; {@code !Ref Parameter} as the parameter's default; an import of the cluster stack's
     * export as that output's value (a load balancer's DNS name, which only AWS knows, as a name of its shape).
     */
    private String value(Object value) {
        return value(service, value);
    }

    private String value(Template template, Object value) {
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String ref) {
            Map<String, Object> parameter =
                    (Map<String, Object>) template.section("Parameters").get(ref);
            assertThat(parameter).as("parameter %s", ref).isNotNull().containsKey("Default");
            return String.valueOf(parameter.get("Default"));
        }
        if (value instanceof Map<?, ?> map
                && map.get("Fn::ImportValue") instanceof Map<?, ?> imported
                && imported.get("Fn::Sub") instanceof String export
                && export.startsWith("${ClusterStack}-")) {
            String output = export.substring("${ClusterStack}-".length());
            Map<String, Object> declared =
                    (Map<String, Object>) cluster.section("Outputs").get(output);
            assertThat(declared).as("cluster.yml exports %s", output).isNotNull();
            Object exported = declared.get("Value");
            if (exported instanceof Map<?, ?> getAtt && getAtt.containsKey("Fn::GetAtt")) {
                assertThat(String.valueOf(getAtt.get("Fn::GetAtt"))).contains("DNSName");
                return "chat-alb-1234567890.eu-west-1.elb.amazonaws.com";
            }
            return value(cluster, exported);
        }
        assertThat(value).as("a container variable the test can read").isNotInstanceOf(Map.class);
        return String.valueOf(value);
    }

    @Test
    void every_variable_the_container_gets_is_a_setting_of_the_app_with_a_value_it_accepts() {
        String help = Config.help();
        List<String> names = new ArrayList<>();
        for (String key : List.of("Environment", "Secrets")) {
            ((List<Map<String, Object>>) container().getOrDefault(key, List.of()))
                    .forEach(v -> names.add((String) v.get("Name")));
        }
        assertThat(names)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(help).as("--help lists %s", name).contains(" / " + name + "\n"));

        Config config = containerConfig();
        assertThat(config.store()).isEqualTo(Config.Store.DYNAMODB);
        assertThat(config.dynamodbEndpoint())
                .as("AWS itself, not a local endpoint")
                .isEmpty();
        assertThat(config.dynamodbCreateTables())
                .as("CloudFormation owns the tables")
                .isFalse();
        assertThat(config.redisUrl()).isPresent();
        assertThat(config.secureCookies()).as("served over HTTPS").isTrue();
        assertThat(config.host())
                .as("reachable by the load balancer, not on loopback only")
                .isEqualTo("0.0.0.0");
        assertThat(config.trustedProxies())
                .as("the load balancer's X-Forwarded-For is believed")
                .containsExactly(value(cluster, Map.of("Ref", "VpcCidr")));
        assertThat(config.allowedHosts())
                .as("the load balancer's name is answered")
                .hasSize(1);
    }

    @Test
    void the_container_port_is_the_one_the_app_listens_on_and_the_image_exposes() {
        int port = containerConfig().port();
        List<Map<String, Object>> mappings =
                (List<Map<String, Object>>) container().get("PortMappings");
        assertThat(mappings)
                .extracting(m -> ((Number) m.get("ContainerPort")).intValue())
                .containsExactly(port);
        assertThat(Dockerfile.read().exposedPorts()).containsExactly(port);
        service.resources("AWS::ElasticLoadBalancingV2::TargetGroup")
                .values()
                .forEach(tg -> assertThat(((Number) Template.properties(tg).get("Port")).intValue())
                        .isEqualTo(port));
    }

    private Map<String, Object> targetGroup() {
        Map<String, Map<String, Object>> groups = service.resources("AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(groups).hasSize(1);
        return Template.properties(groups.values().iterator().next());
    }

    private static Map<String, String> attributes(Object attributes) {
        Map<String, String> byKey = new HashMap<>();
        ((List<Map<String, Object>>) attributes)
                .forEach(a -> byKey.put((String) a.get("Key"), String.valueOf(a.get("Value"))));
        return byKey;
    }

    @Test
    void the_health_check_asks_a_path_the_server_answers_with_200(@TempDir Path data) throws Exception {
        String path = (String) targetGroup().get("HealthCheckPath");
        assertThat(targetGroup().getOrDefault("HealthCheckProtocol", "HTTP")).isEqualTo("HTTP");

        try (ChatApplication app = ChatApplication.start(Config.load(
                new String[] {"--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString()}, Map.of()))) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        }
    }

    /**
     * ECS stops a task in this order: it deregisters it from the target group, waits the deregistration delay (the
     * load balancer then cuts every connection still open: WebSocket clients see 1006 and reconnect elsewhere), and
     * only then sends SIGTERM, and SIGKILL after the container's stopTimeout. What must hold is that SIGKILL never
     * cuts the app's graceful shutdown short: stopTimeout longer than the grace the container's settings give the
     * app (CHAT_SHUTDOWN_GRACE, or its default when the template does not set it). The deregistration delay does
     * not need to cover the grace: it is over before SIGTERM.
     */
    @Test
    void the_container_is_killed_only_after_the_app_s_graceful_shutdown_had_its_time() {
        long grace = containerConfig().shutdownGrace().toMillis();
        Object stopTimeout = container().get("StopTimeout");
        assertThat(stopTimeout)
                .as("StopTimeout of the chat container (ECS's default, 30 s, is not to be relied on)")
                .isInstanceOf(Number.class);

        assertThat(((Number) stopTimeout).longValue() * 1000)
                .as("ECS stopTimeout (ms) vs the app's shutdown grace (ms)")
                .isGreaterThan(grace);
    }

    @Test
    void the_load_balancer_keeps_an_idle_websocket_longer_than_the_app_s_ping_interval() {
        long ping = containerConfig().pingInterval().toSeconds();
        Map<String, Map<String, Object>> balancers = cluster.resources("AWS::ElasticLoadBalancingV2::LoadBalancer");
        assertThat(balancers).hasSize(1);
        long idle = Long.parseLong(
                attributes(Template.properties(balancers.values().iterator().next())
                                .get("LoadBalancerAttributes"))
                        .get("idle_timeout.timeout_seconds"));

        assertThat(idle).as("ALB idle timeout (s) vs ping interval (s)").isGreaterThan(ping);
    }
}
