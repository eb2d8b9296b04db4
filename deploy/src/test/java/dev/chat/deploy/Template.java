package dev.chat.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as plain maps and lists; the short forms ({@code !Ref x}, {@code !GetAtt a.b},
 * {@code !Sub …}) become their long forms ({@code {Ref: x}}, {@code {Fn::GetAtt: [a, b]}}, {@code {Fn::Sub: …}}).
 */
record Template(String name, Map<String, Object> body) {

    private static final List<String> FUNCTIONS = List.of(
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "And",
            "Equals",
            "If",
            "Not",
            "Or");

    static Path repo() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("deploy"))) {
                return d;
            }
        }
        throw new IllegalStateException("Not inside the repository");
    }

    static Template load(String file) {
        Path path = repo().resolve("deploy/cloudformation").resolve(file);
        try {
            Map<String, Object> body = new Yaml(new CloudFormationConstructor()).load(Files.readString(path));
            return new Template(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        Object section = body.get(name);
        return section == null ? Map.of() : (Map<String, Object>) section;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String logicalId) {
        Object resource = section("Resources").get(logicalId);
        if (resource == null) {
            throw new AssertionError(name + " has no resource " + logicalId);
        }
        return (Map<String, Object>) resource;
    }

    /** The logical ids of every resource of this type. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        section("Resources").forEach((id, r) -> {
            Map<String, Object> resource = (Map<String, Object>) r;
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    /** Calls {@code visit} for every map anywhere in the template. */
    void eachMap(Consumer<Map<String, Object>> visit) {
        walk(body, visit);
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, Consumer<Map<String, Object>> visit) {
        if (node instanceof Map<?, ?> map) {
            visit.accept((Map<String, Object>) map);
            map.values().forEach(v -> walk(v, visit));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walk(v, visit));
        }
    }

    /** Turns the short-form tags into the long forms, for every intrinsic function. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = scalar.getValue();
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = new ArrayList<>(constructSequence(sequence));
                } else {
                    value = new LinkedHashMap<>(constructMapping((MappingNode) node));
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }
}
