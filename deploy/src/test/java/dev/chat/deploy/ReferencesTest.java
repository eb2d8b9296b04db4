package dev.chat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every {@code Ref}, {@code GetAtt}, {@code Sub} variable, condition and {@code ImportValue} points at something that exists. */
class ReferencesTest {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    static List<Template> all() throws IOException {
        try (Stream<Path> files = Files.list(Template.repo().resolve("deploy/cloudformation"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml"))
                    .sorted()
                    .map(Template::load)
                    .toList();
        }
    }

    /** An export or import name with every {@code ${…}} replaced by {@code *}: stack names differ, the rest must not. */
    private static String shape(Object name) {
        Object text = name;
        if (name instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            text = map.get("Fn::Sub");
        }
        return String.valueOf(text).replaceAll("\\$\\{[^}]*}", "*");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> exports(List<Template> templates) {
        Set<String> exports = new HashSet<>();
        for (Template t : templates) {
            t.section("Outputs").values().forEach(o -> {
                Object export = ((Map<String, Object>) o).get("Export");
                if (export != null) {
                    exports.add(shape(((Map<String, Object>) export).get("Name")));
                }
            });
        }
        return exports;
    }

    @Test
    void the_four_templates_are_there() throws IOException {
        assertThat(all())
                .extracting(Template::name)
                .contains("cluster.yml", "resources.yml", "chat-service.yml", "pipeline.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_reference_in_every_template_resolves() throws IOException {
        List<Template> templates = all();
        Set<String> exports = exports(templates);
        List<String> broken = new ArrayList<>();
        for (Template t : templates) {
            Set<String> names = new HashSet<>(t.section("Parameters").keySet());
            names.addAll(t.section("Resources").keySet());
            Set<String> resources = t.section("Resources").keySet();
            Set<String> conditions = t.section("Conditions").keySet();
            Set<String> mappings = t.section("Mappings").keySet();
            t.eachMap(map -> {
                if (map.get("Ref") instanceof String ref && !ref.startsWith("AWS::") && !names.contains(ref)) {
                    broken.add(t.name() + ": Ref " + ref);
                }
                if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !resources.contains(getAtt.get(0))) {
                    broken.add(t.name() + ": GetAtt " + getAtt);
                }
                Object sub = map.get("Fn::Sub");
                if (sub != null) {
                    String text = sub instanceof List<?> list ? (String) list.get(0) : String.valueOf(sub);
                    Set<String> local = sub instanceof List<?> list && list.size() > 1
                            ? ((Map<String, Object>) list.get(1)).keySet()
                            : Set.of();
                    Matcher m = SUB_VARIABLE.matcher(text);
                    while (m.find()) {
                        String variable = m.group(1).split("\\.")[0];
                        if (!variable.startsWith("AWS::") && !names.contains(variable) && !local.contains(variable)) {
                            broken.add(t.name() + ": Sub variable ${" + m.group(1) + "}");
                        }
                    }
                }
                if (map.containsKey("Fn::ImportValue") && !exports.contains(shape(map.get("Fn::ImportValue")))) {
                    broken.add(t.name() + ": ImportValue " + shape(map.get("Fn::ImportValue")) + " (exports: " + exports
                            + ")");
                }
                if (map.get("Fn::If") instanceof List<?> fnIf && !conditions.contains(fnIf.get(0))) {
                    broken.add(t.name() + ": If " + fnIf.get(0));
                }
                if (map.get("Fn::FindInMap") instanceof List<?> find && !mappings.contains(find.get(0))) {
                    broken.add(t.name() + ": FindInMap " + find.get(0));
                }
            });
            t.section("Resources").forEach((id, r) -> {
                Object condition = ((Map<String, Object>) r).get("Condition");
                if (condition != null && !conditions.contains(condition)) {
                    broken.add(t.name() + ": " + id + " has Condition " + condition);
                }
                Object dependsOn = ((Map<String, Object>) r).get("DependsOn");
                List<Object> deps = dependsOn instanceof List<?> l
                        ? (List<Object>) l
                        : dependsOn == null ? List.of() : List.of(dependsOn);
                deps.stream()
                        .filter(d -> !resources.contains(d))
                        .forEach(d -> broken.add(t.name() + ": " + id + " DependsOn " + d));
            });
        }
        assertThat(broken).as("references that point at nothing").isEmpty();
    }
}
