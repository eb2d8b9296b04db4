package dev.chat.app.e2e;

import dev.chat.testsupport.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * axe-core, pinned in {@code tools/axe}, run on a page as it is at that moment: injected with executeScript (what
 * the driver runs is not held to the page's Content-Security-Policy), every rule axe runs by default (WCAG 2.0–2.2
 * A and AA and its best practices; the experimental ones aside). A violation of serious or critical impact fails a
 * check; the milder ones are printed.
 */
public final class Axe {

    /** The impacts that fail a check. */
    public static final Set<String> FAILING = Set.of("serious", "critical");

    private static final String RUN = """
            // Colours are judged once transitions (a tab just selected, a theme just changed) have ended.
            const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
            return Promise.all(transitions.map((a) => a.finished.catch(() => null)))
              .then(() => axe.run(document, { resultTypes: ['violations'] }))
              .then((result) => result.violations.flatMap((v) =>
              v.nodes.map((n) => ({
                id: v.id, impact: n.impact || v.impact, help: v.help,
                target: n.target.map(String).join(' '), summary: n.failureSummary || '',
              }))));
            """;

    private static String source;

    private Axe() {}

    /** One element that breaks one rule: the rule's id, how much it matters, where it is and what is wrong. */
    public record Violation(String id, String impact, String help, String target, String summary) {

        public boolean failing() {
            return FAILING.contains(impact);
        }

        @Override
        public String toString() {
            return id + " (" + impact + ") at " + target + ": " + help + "\n      " + summary.replace("\n", "\n      ");
        }
    }

    /** Every violation axe finds on the page now, one per element. */
    @SuppressWarnings("unchecked")
    public static List<Violation> violations(Browser browser) {
        if (Boolean.TRUE.equals(browser.script("return typeof window.axe === 'undefined'"))) {
            browser.script(source());
        }
        List<Map<String, Object>> found = (List<Map<String, Object>>) browser.script(RUN);
        return found.stream()
                .map(v -> new Violation(
                        (String) v.get("id"),
                        String.valueOf(v.get("impact")),
                        (String) v.get("help"),
                        (String) v.get("target"),
                        (String) v.get("summary")))
                .toList();
    }

    /**
     * Fails, listing each of them, when axe finds a violation of serious or critical impact on the page in
     * {@code state} (a name for the failure message); prints the milder ones.
     */
    public static List<Violation> assertNoSeriousViolations(Browser browser, String state) {
        List<Violation> all = violations(browser);
        List<Violation> failing = all.stream().filter(Violation::failing).toList();
        List<Violation> milder = all.stream().filter(v -> !v.failing()).toList();
        System.out.println("axe, " + state + ": " + failing.size() + " serious or critical, " + milder.size()
                + " milder" + list(milder));
        if (!failing.isEmpty()) {
            throw new AssertionError("axe found " + failing.size() + " serious or critical violation(s) in " + state
                    + ":" + list(failing));
        }
        return all;
    }

    private static String list(List<Violation> violations) {
        return violations.stream().map(v -> "\n  " + v).collect(Collectors.joining());
    }

    private static synchronized String source() {
        if (source == null) {
            Path script = toolsDir().resolve("node_modules/axe-core/axe.min.js");
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("axe-core is not installed: run `npm ci --prefix " + toolsDir()
                        + "` (the README's test command, tools/test.sh, does)");
            }
            try {
                source = Files.readString(script);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /** {@code tools/axe} of this checkout, found above the working folder (the module's, when Maven runs a test). */
    static Path toolsDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("tools/axe");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No tools/axe/package.json above " + dir);
    }
}
