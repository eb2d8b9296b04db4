package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What running on AWS adds to the templates, checked against the app and against each other: the metrics collector
 * beside the app, the alarms and the scaling on the app's figures, the memory the JVM may take, what survives a
 * failed first create, and the permissions boundary of the stacks' roles.
 */
@SuppressWarnings("unchecked")
class AwsOperationsTest {

    /** What the app may use beyond its heap and direct memory: metaspace (~100 MiB for this jar), JIT code cache,
     * G1's remembered sets and marking bitmaps (a few % of the heap), ~60 thread stacks, malloc's arenas. */
    static final long JVM_OVERHEAD_MIB = 256;

    /** Left over on top of that, at the least, in every task size. */
    static final long SPARE_MIB = 64;

    /** Stand-ins for what only AWS knows, to compare the templates' values with each other. */
    private static final String STACK = "chat-service";

    private static final String REGION = "eu-west-1";

    private final Template cluster = Template.load("cluster.yml");
    private final Template resources = Template.load("resources.yml");
    private final Template service = Template.load("chat-service.yml");
    private final Template pipeline = Template.load("pipeline.yml");

    private List<Template> all() {
        return List.of(cluster, resources, service, pipeline);
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }

    private static String defaultOf(Template template, String parameter) {
        Map<String, Object> declared =
                (Map<String, Object>) template.section("Parameters").get(parameter);
        assertThat(declared).as("%s parameter %s", template.name(), parameter).isNotNull();
        return String.valueOf(declared.get("Default"));
    }

    // ---------------------------------------------------------------- the task's containers

    private List<Map<String, Object>> containers() {
        Map<String, Map<String, Object>> definitions = service.resources("AWS::ECS::TaskDefinition");
        assertThat(definitions).hasSize(1);
        return (List<Map<String, Object>>)
                Template.properties(definitions.values().iterator().next()).get("ContainerDefinitions");
    }

    /** The container running the AWS Distro for OpenTelemetry collector. */
    private Map<String, Object> collector() {
        List<Map<String, Object>> found = containers().stream()
                .filter(c -> String.valueOf(c.get("Image"))
                        .startsWith("public.ecr.aws/aws-observability/aws-otel-collector:"))
                .toList();
        assertThat(found).as("ADOT collector containers in chat-service.yml").hasSize(1);
        return found.get(0);
    }

    private static String environment(Map<String, Object> container, String name) {
        for (Map<String, Object> variable :
                (List<Map<String, Object>>) container.getOrDefault("Environment", List.of())) {
            if (name.equals(variable.get("Name"))) {
                return String.valueOf(variable.get("Value"));
            }
        }
        return null;
    }

    /**
     * A template value as a comparable text: a literal as it is, the stack's name for {@code AWS::StackName}, an
     * import as {@code import(EXPORT)}, anything else as its long form.
     */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            if ("AWS::StackName".equals(map.get("Ref"))) {
                return STACK;
            }
            if (map.get("Fn::ImportValue") instanceof Map<?, ?> imported && imported.get("Fn::Sub") != null) {
                return "import(" + imported.get("Fn::Sub") + ")";
            }
        }
        return String.valueOf(value);
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    /** An {@code Fn::Sub} of {@code template} resolved with the stand-ins (a log group's name for its Ref). */
    private static String sub(Template template, Object fnSub) {
        String text;
        Map<String, Object> variables = Map.of();
        if (fnSub instanceof List<?> l) {
            text = (String) l.get(0);
            variables = (Map<String, Object>) l.get(1);
        } else {
            text = String.valueOf(fnSub);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.equals("AWS::StackName")) {
                replacement = STACK;
            } else if (name.equals("AWS::Region")) {
                replacement = REGION;
            } else if (variables.containsKey(name)) {
                replacement = canonical(variables.get(name));
            } else if (template.section("Resources").containsKey(name)
                    && "AWS::Logs::LogGroup".equals(template.resource(name).get("Type"))) {
                Object groupName = Template.properties(template.resource(name)).get("LogGroupName");
                replacement = groupName instanceof Map<?, ?> g ? sub(template, g.get("Fn::Sub")) : (String) groupName;
            } else {
                replacement = "${" + name + "}";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The collector's configuration (AOT_CONFIG_CONTENT), parsed. */
    private Map<String, Object> collectorConfig() {
        Object value = null;
        for (Map<String, Object> variable :
                (List<Map<String, Object>>) collector().get("Environment")) {
            if ("AOT_CONFIG_CONTENT".equals(variable.get("Name"))) {
                value = variable.get("Value");
            }
        }
        assertThat(value)
                .as("the collector is configured by AOT_CONFIG_CONTENT")
                .isInstanceOf(Map.class);
        return new Yaml().load(sub(service, ((Map<String, Object>) value).get("Fn::Sub")));
    }

    private static Object at(Map<String, Object> map, String... path) {
        Object node = map;
        for (String key : path) {
            assertThat(node)
                    .as("collector configuration at %s", String.join(".", path))
                    .isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private Map<String, Object> scrapeJob() {
        List<Map<String, Object>> jobs = (List<Map<String, Object>>)
                at(collectorConfig(), "receivers", "prometheus", "config", "scrape_configs");
        assertThat(jobs).as("scrape jobs").hasSize(1);
        return jobs.get(0);
    }

    private Map<String, Object> scrapeTarget() {
        List<Map<String, Object>> targets =
                (List<Map<String, Object>>) scrapeJob().get("static_configs");
        assertThat(targets).as("static_configs").hasSize(1);
        return targets.get(0);
    }

    private Map<String, Object> emf() {
        Map<String, Object> emf = (Map<String, Object>) at(collectorConfig(), "exporters", "awsemf");
        assertThat(emf).as("the awsemf exporter").isNotNull();
        return emf;
    }

    /** The metric declarations of awsemf: metric name selector → its dimension sets. */
    private List<Map<String, Object>> declarations() {
        return (List<Map<String, Object>>) emf().get("metric_declarations");
    }

    /** The dimension sets under which awsemf publishes {@code metric}, empty if it publishes it under none. */
    private Set<Set<String>> publishedDimensions(String metric) {
        Set<Set<String>> sets = new LinkedHashSet<>();
        for (Map<String, Object> declaration : declarations()) {
            boolean selected = ((List<String>) declaration.get("metric_name_selectors"))
                    .stream()
                            .anyMatch(selector ->
                                    Pattern.compile(selector).matcher(metric).find());
            if (selected) {
                for (List<String> set : (List<List<String>>) declaration.get("dimensions")) {
                    sets.add(new TreeSet<>(set));
                }
            }
        }
        return sets;
    }

    /** The names the declarations select: {@code ^name$} → {@code name}. */
    private Set<String> declaredNames() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> declaration : declarations()) {
            for (String selector : (List<String>) declaration.get("metric_name_selectors")) {
                assertThat(selector)
                        .as("a selector of one metric by its whole name")
                        .matches("\\^\\w+\\$");
                names.add(selector.substring(1, selector.length() - 1));
            }
        }
        return names;
    }

    @Test
    void the_collector_scrapes_the_port_and_path_the_app_serves_its_metrics_on_and_nothing_exposes_them() {
        Config config = new ConsistencyTest().containerConfig();
        assertThat(config.managementPort())
                .as("CHAT_MANAGEMENT_PORT of the chat container")
                .isPresent();
        int port = config.managementPort().orElseThrow();

        assertThat((List<String>) scrapeTarget().get("targets"))
                .as("what the collector scrapes (the task's containers share 127.0.0.1: awsvpc)")
                .containsExactly("127.0.0.1:" + port);
        assertThat(scrapeJob().getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        assertThat(config.managementHost())
                .as("the management listener stays on loopback, out of the load balancer's and the VPC's reach")
                .isEqualTo("127.0.0.1");
        for (Map<String, Object> container : containers()) {
            assertThat(((List<Map<String, Object>>) container.getOrDefault("PortMappings", List.of()))
                            .stream()
                                    .map(m -> ((Number) m.get("ContainerPort")).intValue())
                                    .toList())
                    .as("port mappings of %s", container.get("Name"))
                    .doesNotContain(port);
        }
        assertThat(String.valueOf(config.logFormat())).as("CHAT_LOG_FORMAT").isEqualToIgnoringCase("json");
        assertThat(String.valueOf(collector().get("Image")))
                .as("the collector's image, pinned to a version")
                .matches(".*:v\\d+\\.\\d+\\.\\d+");
        assertThat((List<String>) at(collectorConfig(), "service", "pipelines", "metrics", "exporters"))
                .contains("awsemf");
    }

    @Test
    void every_figure_the_collector_publishes_is_one_the_app_serves(@TempDir Path data) throws Exception {
        Pattern keep = Pattern.compile((String)
                ((List<Map<String, Object>>) scrapeJob().get("metric_relabel_configs"))
                        .stream()
                                .filter(r -> "keep".equals(r.get("action")))
                                .findFirst()
                                .orElseThrow()
                                .get("regex"));

        Map<String, String> types = new HashMap<>();
        try (ChatApplication app = ChatApplication.start(Config.load(
                new String[] {
                    "--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--management-port", "0"
                },
                Map.of()))) {
            HttpClient http = HttpClient.newHttpClient();
            // A sign-in attempt makes the app call its stores, so that their timers exist.
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody\",\"password\":\"x\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            String path = (String) scrapeJob().getOrDefault("metrics_path", "/metrics");
            HttpResponse<String> scrape = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + app.managementPort().orElseThrow() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            Matcher type = Pattern.compile("(?m)^# TYPE (\\w+) (\\w+)$").matcher(scrape.body());
            while (type.find()) {
                types.put(type.group(1), type.group(2));
            }
        }

        for (String name : declaredNames()) {
            if (name.equals("chat_fanout_connected")) {
                // Registered only when the app runs with Redis, as on AWS (docs/operations.md).
                continue;
            }
            assertThat(types).as("metric families the app serves").containsKey(name);
            List<String> series = types.get(name).equals("histogram")
                    ? List.of(name + "_bucket", name + "_count", name + "_sum")
                    : List.of(name);
            series.forEach(s -> assertThat(keep.matcher(s).matches())
                    .as("the collector's metric_relabel_configs keep %s", s)
                    .isTrue());
        }
    }

    // ---------------------------------------------------------------- alarms and scaling

    /** Every CloudWatch metric the service stack's alarms and scaling policies name: (namespace, name, dims). */
    private record MetricUse(
            String where, String namespace, String name, Map<String, String> dimensions, String stat) {}

    private static Map<String, String> dimensions(Object declared) {
        Map<String, String> dims = new LinkedHashMap<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) (Object) list(declared)) {
            dims.put((String) d.get("Name"), canonical(d.get("Value")));
        }
        return dims;
    }

    private List<MetricUse> metricUses() {
        List<MetricUse> uses = new ArrayList<>();
        service.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            Map<String, Object> p = Template.properties(alarm);
            uses.add(new MetricUse(
                    id,
                    (String) p.get("Namespace"),
                    (String) p.get("MetricName"),
                    dimensions(p.get("Dimensions")),
                    String.valueOf(p.get("Statistic"))));
        });
        service.resources("AWS::ApplicationAutoScaling::ScalingPolicy").forEach((id, policy) -> {
            Map<String, Object> tracking =
                    (Map<String, Object>) Template.properties(policy).get("TargetTrackingScalingPolicyConfiguration");
            Map<String, Object> custom = (Map<String, Object>) tracking.get("CustomizedMetricSpecification");
            if (custom != null) {
                assertThat(custom)
                        .as("%s tracks one metric, without metric math", id)
                        .doesNotContainKey("Metrics");
                uses.add(new MetricUse(
                        id,
                        (String) custom.get("Namespace"),
                        (String) custom.get("MetricName"),
                        dimensions(custom.get("Dimensions")),
                        String.valueOf(custom.get("Statistic"))));
            }
        });
        return uses;
    }

    @Test
    void connections_scale_on_the_app_s_own_gauge_averaged_over_the_tasks() {
        List<MetricUse> scaling = metricUses().stream()
                .filter(u -> service.resources("AWS::ApplicationAutoScaling::ScalingPolicy")
                        .containsKey(u.where()))
                .toList();
        assertThat(scaling)
                .as("customized target tracking policies")
                .anySatisfy(u -> {
                    assertThat(u.namespace()).isEqualTo(emf().get("namespace"));
                    assertThat(u.name()).isEqualTo("chat_connections_open");
                    assertThat(u.stat())
                            .as("per task: the average over the tasks")
                            .isEqualTo("Average");
                })
                .noneSatisfy(u -> assertThat(u.namespace()).isEqualTo("AWS/ApplicationELB"));

        // The target: the capacity model's 50,000 per task, within the descriptors a task may open.
        long target = Long.parseLong(defaultOf(service, "ConnectionsPerTaskTarget"));
        Map<String, Object> nofile = ((List<Map<String, Object>>)
                        ConsistencyTest.container(service).get("Ulimits"))
                .stream()
                        .filter(u -> "nofile".equals(u.get("Name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the chat container sets its nofile limit"));
        assertThat(((Number) nofile.get("SoftLimit")).longValue())
                .as("nofile soft limit vs twice the connections per task the service scales at")
                .isGreaterThanOrEqualTo(2 * target);
    }

    @Test
    void every_alarm_and_scaling_policy_on_the_app_s_figures_selects_what_the_collector_publishes() {
        Map<String, Object> target = scrapeTarget();
        Map<String, String> labels = new LinkedHashMap<>();
        ((Map<String, Object>) target.getOrDefault("labels", Map.of()))
                .forEach((k, v) -> labels.put(k, String.valueOf(v)));

        List<MetricUse> ours = metricUses().stream()
                .filter(u -> u.namespace().equals(emf().get("namespace")))
                .toList();
        assertThat(ours).extracting(MetricUse::name).contains("chat_ack_latency_seconds", "chat_store_call_seconds");
        for (MetricUse use : ours) {
            assertThat(publishedDimensions(use.name()))
                    .as("%s: %s is published under its dimensions", use.where(), use.name())
                    .contains(new TreeSet<>(use.dimensions().keySet()));
            use.dimensions().forEach((name, value) -> {
                if (labels.containsKey(name)) {
                    assertThat(value)
                            .as("%s: dimension %s = the label the collector gives every figure", use.where(), name)
                            .isEqualTo(labels.get(name));
                }
            });
        }
        assertThat(ours)
                .as("store errors: the count of chat_store_call_seconds with outcome=error")
                .anySatisfy(u -> {
                    assertThat(u.name()).isEqualTo("chat_store_call_seconds");
                    assertThat(u.dimensions()).containsEntry("outcome", "error");
                    assertThat(u.stat()).isEqualTo("SampleCount");
                });
    }

    @Test
    void every_alarm_notifies_the_alarm_topic_and_the_reviewer_s_alarms_are_there() {
        Set<String> covered = new TreeSet<>();
        for (Template template : all()) {
            Set<String> topicConditions = new TreeSet<>();
            template.section("Conditions").forEach((name, condition) -> {
                if (String.valueOf(condition).equals("{Fn::Not=[{Fn::Equals=[{Ref=AlarmTopicArn}, ]}]}")) {
                    topicConditions.add(name);
                }
            });
            template.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
                Map<String, Object> p = Template.properties(alarm);
                for (String actions : List.of("AlarmActions", "OKActions")) {
                    Object declared = p.get(actions);
                    assertThat(declared)
                            .as("%s %s: the topic when AlarmTopicArn is given", id, actions)
                            .isInstanceOf(Map.class);
                    List<Object> fnIf = (List<Object>) ((Map<String, Object>) declared).get("Fn::If");
                    assertThat(fnIf)
                            .as("%s %s is an Fn::If on AlarmTopicArn being set", id, actions)
                            .isNotNull();
                    assertThat(topicConditions).contains((String) fnIf.get(0));
                    assertThat(fnIf.get(1)).isEqualTo(List.of(Map.of("Ref", "AlarmTopicArn")));
                    assertThat(fnIf.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
                }
                covered.add(p.get("Namespace") + " " + p.get("MetricName"));
            });
        }
        assertThat(covered)
                .contains(
                        "AWS/ApplicationELB HTTPCode_ELB_5XX_Count",
                        "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
                        "AWS/ApplicationELB UnHealthyHostCount",
                        "AWS/ECS CPUUtilization",
                        "AWS/ECS MemoryUtilization",
                        "Chat chat_ack_latency_seconds",
                        "Chat chat_store_call_seconds");
        assertThat(serviceStackOverrides())
                .as("the pipeline passes its AlarmTopicArn to the service stack")
                .containsEntry("AlarmTopicArn", "${AlarmTopicArn}");
    }

    // ---------------------------------------------------------------- memory

    /** A JVM size (896m, 1g, 512k, bytes) in MiB. */
    private static long mib(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size);
        assertThat(m.matches()).as("a JVM size: %s", size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> n / 1024;
            case "m" -> n;
            case "g" -> n * 1024;
            default -> n / (1024 * 1024);
        };
    }

    /** The options the JVM starts with: JAVA_TOOL_OPTIONS, then JDK_JAVA_OPTIONS, then the image's command line. */
    private static List<String> jvmOptions(Map<String, Object> container) {
        List<String> options = new ArrayList<>();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String value = environment(container, variable);
            if (value != null) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        List<String> entrypoint = Dockerfile.read().finalStage().all("ENTRYPOINT");
        assertThat(entrypoint).hasSize(1);
        List<String> command = new Yaml().load(entrypoint.get(0));
        assertThat(command.get(0)).isEqualTo("java");
        for (String argument : command.subList(1, command.size())) {
            if (argument.equals("-jar")) {
                break;
            }
            options.add(argument);
        }
        return options;
    }

    /** The last value of an option given as PREFIX + value (the JVM takes the last). */
    private static String last(List<String> options, String prefix) {
        String value = null;
        for (String option : options) {
            if (option.startsWith(prefix)) {
                value = option.substring(prefix.length());
            }
        }
        return value;
    }

    @Test
    void heap_direct_memory_and_the_jvm_s_overhead_fit_every_task_size_with_room_to_spare() {
        Map<String, Object> chat = ConsistencyTest.container(service);
        List<String> options = jvmOptions(chat);

        assertThat(options)
                .as("a collector chosen explicitly (on one vCPU the JVM would take the serial one)")
                .anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"));
        String direct = last(options, "-XX:MaxDirectMemorySize=");
        assertThat(direct)
                .as("a cap on direct memory (unset, the JVM allows as much as the heap)")
                .isNotNull();
        long directMib = mib(direct);
        String xmx = last(options, "-Xmx");
        String percentage = last(options, "-XX:MaxRAMPercentage=");
        assertThat(xmx != null || percentage != null).as("a heap size").isTrue();

        Map<String, Object> taskMemory =
                (Map<String, Object>) service.section("Parameters").get("TaskMemory");
        List<String> sizes = ((List<Object>) taskMemory.get("AllowedValues"))
                .stream().map(String::valueOf).toList();
        assertThat(sizes).as("TaskMemory's allowed values").isNotEmpty().contains(defaultOf(service, "TaskMemory"));

        for (String size : sizes) {
            long task = Long.parseLong(size);
            long others = 0;
            Long limit = null;
            for (Map<String, Object> container : containers()) {
                Object memory = container.get("Memory");
                long mib;
                if (memory instanceof Map<?, ?> m && m.get("Fn::FindInMap") instanceof List<?> find) {
                    assertThat(find.get(1)).isEqualTo(Map.of("Ref", "TaskMemory"));
                    Map<String, Object> mapping =
                            (Map<String, Object>) service.section("Mappings").get(find.get(0));
                    Map<String, Object> row = (Map<String, Object>) mapping.get(size);
                    assertThat(row)
                            .as("%s has a row for TaskMemory %s", find.get(0), size)
                            .isNotNull();
                    mib = ((Number) row.get(find.get(2))).longValue();
                } else {
                    assertThat(memory)
                            .as("a hard memory limit on container %s", container.get("Name"))
                            .isInstanceOf(Number.class);
                    mib = ((Number) memory).longValue();
                }
                if (container == chat) {
                    limit = mib;
                } else {
                    others += mib;
                }
            }
            assertThat(limit + others)
                    .as("TaskMemory %s: the containers' limits add up to at most the task's", size)
                    .isLessThanOrEqualTo(task);

            long heap = xmx != null ? mib(xmx) : (long) Math.floor(limit * Double.parseDouble(percentage) / 100);
            assertThat(heap + directMib + JVM_OVERHEAD_MIB + SPARE_MIB)
                    .as(
                            "TaskMemory %s: heap %d + direct %d + overhead %d + spare %d MiB vs the app's container"
                                    + " limit %d MiB",
                            size, heap, directMib, JVM_OVERHEAD_MIB, SPARE_MIB, limit)
                    .isLessThanOrEqualTo(limit);
        }
    }

    // ---------------------------------------------------------------- what a failed first create leaves

    private static Map<String, String> attributes(Object attributes) {
        Map<String, String> byKey = new HashMap<>();
        ((List<Map<String, Object>>) attributes)
                .forEach(a -> byKey.put((String) a.get("Key"), String.valueOf(a.get("Value"))));
        return byKey;
    }

    @Test
    void stateful_resources_survive_deletion_but_not_a_failed_first_create_and_cannot_be_deleted_by_accident() {
        List<String> stateful = new ArrayList<>();
        for (Template template : all()) {
            template.section("Resources").forEach((id, r) -> {
                Map<String, Object> resource = (Map<String, Object>) r;
                assertThat(resource.get("DeletionPolicy"))
                        .as(
                                "%s %s: plain Retain keeps what a failed first create made, and its names",
                                template.name(), id)
                        .isNotEqualTo("Retain");
                String type = (String) resource.get("Type");
                if (type.equals("AWS::DynamoDB::Table") || type.equals("AWS::S3::Bucket")) {
                    stateful.add(template.name() + " " + id);
                    assertThat(resource.get("DeletionPolicy"))
                            .as("%s %s DeletionPolicy", template.name(), id)
                            .isEqualTo("RetainExceptOnCreate");
                    assertThat(resource.get("UpdateReplacePolicy"))
                            .as("%s %s UpdateReplacePolicy", template.name(), id)
                            .isEqualTo("Retain");
                }
                if (type.equals("AWS::DynamoDB::Table")) {
                    assertThat(Template.properties(resource).get("DeletionProtectionEnabled"))
                            .as("%s DeletionProtectionEnabled", id)
                            .isEqualTo(true);
                }
            });
        }
        assertThat(stateful).as("the tables and buckets").hasSizeGreaterThanOrEqualTo(8);

        Map<String, Map<String, Object>> balancers = cluster.resources("AWS::ElasticLoadBalancingV2::LoadBalancer");
        assertThat(balancers).hasSize(1);
        Map<String, String> attributes = attributes(
                Template.properties(balancers.values().iterator().next()).get("LoadBalancerAttributes"));
        assertThat(attributes)
                .as("load balancer attributes")
                .containsEntry("deletion_protection.enabled", "true")
                .containsEntry("access_logs.s3.enabled", "true");
        assertThat(attributes.get("access_logs.s3.bucket")).isEqualTo("{Ref=AccessLogsBucket}");
    }

    // ---------------------------------------------------------------- least privilege

    private static List<Map<String, Object>> statements(Object policyDocument) {
        return (List<Map<String, Object>>) ((Map<String, Object>) policyDocument).get("Statement");
    }

    @Test
    void the_task_role_may_write_the_metrics_log_group_and_no_other_log_or_metric() {
        List<Map<String, Object>> policies = service.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> String.valueOf(Template.properties(p).get("Roles")).contains("-TaskRoleName"))
                .toList();
        assertThat(policies)
                .as("policies chat-service.yml attaches to the task role")
                .hasSize(1);
        Map<String, Object> policy = Template.properties(policies.get(0));

        Set<String> actions = new TreeSet<>();
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> statement : statements(policy.get("PolicyDocument"))) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            list(statement.get("Action")).forEach(a -> actions.add(String.valueOf(a)));
            list(statement.get("Resource"))
                    .forEach(r ->
                            targets.add(r instanceof Map<?, ?> m ? sub(service, m.get("Fn::Sub")) : String.valueOf(r)));
        }
        assertThat(actions)
                .containsExactlyInAnyOrder(
                        "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents");
        String group = (String) emf().get("log_group_name");
        assertThat(group).as("awsemf's log group").isEqualTo("/ecs/" + STACK + "/metrics");
        assertThat(targets)
                .as("the resources the task role may write: the metrics log group and its streams only")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t)
                        .matches("arn:\\$\\{AWS::Partition}:logs:" + REGION + ":\\$\\{AWS::AccountId}:log-group:"
                                + Pattern.quote(group) + "(:log-stream:\\*)?"));

        for (Map<String, Object> role : resources.resources("AWS::IAM::Role").values()) {
            assertThat(String.valueOf(Template.properties(role).get("Policies")))
                    .as("resources.yml's roles grant no logs or CloudWatch access of their own")
                    .doesNotContain("logs:")
                    .doesNotContain("cloudwatch:");
        }
    }

    /** The service stack's ParameterOverrides in the pipeline, read as JSON with ${…} left as they are. */
    private Map<String, Object> serviceStackOverrides() {
        return stackOverrides("service");
    }

    private Map<String, Object> stackOverrides(String stack) {
        Map<String, Object> stages = Template.properties(pipeline.resource("Pipeline"));
        for (Map<String, Object> stage : (List<Map<String, Object>>) stages.get("Stages")) {
            for (Map<String, Object> action : (List<Map<String, Object>>) stage.get("Actions")) {
                Map<String, Object> configuration = (Map<String, Object>) action.get("Configuration");
                if (configuration == null
                        || !String.valueOf(configuration.get("StackName"))
                                .equals("{Fn::Sub=${ProjectName}-" + stack + "}")
                        || configuration.get("ParameterOverrides") == null) {
                    continue;
                }
                Object overrides = ((Map<String, Object>) configuration.get("ParameterOverrides")).get("Fn::Sub");
                return new Yaml().load((String) overrides);
            }
        }
        throw new AssertionError("no pipeline action deploys the " + stack + " stack with ParameterOverrides");
    }

    /** Whether an IAM action pattern (with * wildcards) covers an action. */
    private static boolean covers(String pattern, String action) {
        return action.toLowerCase().matches(Pattern.quote(pattern.toLowerCase()).replace("*", "\\E.*\\Q"));
    }

    @Test
    void the_deploy_role_creates_roles_only_inside_the_boundary_and_the_stacks_roles_need_nothing_outside_it() {
        Map<String, Map<String, Object>> boundaries = pipeline.resources("AWS::IAM::ManagedPolicy");
        assertThat(boundaries).as("the boundary policy pipeline.yml creates").hasSize(1);
        String boundaryId = boundaries.keySet().iterator().next();
        Map<String, Object> boundaryRef = Map.of("Ref", boundaryId);
        List<String> bounded = new ArrayList<>();
        for (Map<String, Object> statement :
                statements(Template.properties(boundaries.get(boundaryId)).get("PolicyDocument"))) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            list(statement.get("Action")).forEach(a -> bounded.add(String.valueOf(a)));
        }

        // The deploy role: CreateRole and setting a boundary only with this boundary; never removing one.
        Map<String, Object> deployRole = pipeline.resource("CloudFormationRole");
        for (Map<String, Object> policy :
                (List<Map<String, Object>>) Template.properties(deployRole).get("Policies")) {
            for (Map<String, Object> statement : statements(policy.get("PolicyDocument"))) {
                List<String> actions = list(statement.get("Action")).stream()
                        .map(String::valueOf)
                        .toList();
                for (String action : actions) {
                    assertThat(covers(action, "iam:DeleteRolePermissionsBoundary"))
                            .as("the deploy role may not remove a boundary (%s)", action)
                            .isFalse();
                    if (covers(action, "iam:CreateRole") || covers(action, "iam:PutRolePermissionsBoundary")) {
                        assertThat(String.valueOf(statement.get("Condition")))
                                .as("statement %s granting %s", statement.get("Sid"), action)
                                .isEqualTo("{StringEquals={iam:PermissionsBoundary=" + boundaryRef + "}}");
                    }
                }
            }
        }

        // Every role of the stacks carries the boundary the pipeline passes; everything they are granted is inside it.
        for (Template template : List.of(cluster, resources, service)) {
            Map<String, Map<String, Object>> roles = template.resources("AWS::IAM::Role");
            if (!roles.isEmpty()) {
                assertThat(stackOverrides(template.name().replace(".yml", "").replace("chat-", "")))
                        .as("the pipeline passes the boundary to %s", template.name())
                        .containsEntry("PermissionsBoundaryArn", "${" + boundaryId + "}");
            }
            List<Object> documents = new ArrayList<>();
            roles.forEach((id, role) -> {
                Map<String, Object> p = Template.properties(role);
                assertThat(String.valueOf(p.get("PermissionsBoundary")))
                        .as("%s %s PermissionsBoundary", template.name(), id)
                        .matches("\\{Fn::If=\\[\\w+, \\{Ref=PermissionsBoundaryArn}, \\{Ref=AWS::NoValue}]}");
                ((List<Map<String, Object>>) p.getOrDefault("Policies", List.of()))
                        .forEach(policy -> documents.add(policy.get("PolicyDocument")));
            });
            template.resources("AWS::IAM::Policy")
                    .values()
                    .forEach(policy -> documents.add(Template.properties(policy).get("PolicyDocument")));
            for (Object document : documents) {
                for (Map<String, Object> statement : statements(document)) {
                    for (Object action : list(statement.get("Action"))) {
                        assertThat(bounded)
                                .as("%s grants %s: the boundary must allow it", template.name(), action)
                                .anyMatch(b -> covers(b, String.valueOf(action)));
                    }
                }
            }
        }
    }
}
