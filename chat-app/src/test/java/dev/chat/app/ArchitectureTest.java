/*
 * Each rule was seen to fail on a planted violation, and to pass again once the plant was deleted
 * (ArchUnit 1.4.1, 2026-11-28). chat-core and the adapter modules cannot even compile a reference to
 * an adapter or to chat-app (their POMs do not see them), so most plants were throwaway classes compiled
 * in chat-app's main sources but declared in the package under test: ArchUnit judges packages, not
 * Maven modules.
 *
 * core_depends_on_nothing_but_the_jdk_and_slf4j
 *   - chat-core itself: dev.chat.core.domain.PlantedJdkServer calling com.sun.net.httpserver ->
 *     "Method <dev.chat.core.domain.PlantedJdkServer.server()> calls method
 *     <com.sun.net.httpserver.HttpServer.create()> in (PlantedJdkServer.java:6)"
 *   - dev.chat.core.domain.PlantedLibraryUse calling password4j -> "Method
 *     <dev.chat.core.domain.PlantedLibraryUse.hash(java.lang.String)> calls method
 *     <com.password4j.Password.hash(java.lang.CharSequence)> in (PlantedLibraryUse.java:6)"
 * adapters_do_not_depend_on_each_other
 *   - dev.chat.adapters.sqlite.PlantedCrossAdapter with a netty ServerSettings field ->
 *     "Slice sqlite depends on Slice netty: Field <dev.chat.adapters.sqlite.PlantedCrossAdapter.settings>
 *     has type <dev.chat.adapters.netty.ServerSettings>"
 * only_the_app_wires_adapters
 *   - dev.chat.core.service.PlantedAdapterUse with a netty ServerSettings field -> "where layer 'Adapters'
 *     may only be accessed by layers ['App']' was violated (1 times): Field
 *     <dev.chat.core.service.PlantedAdapterUse.settings> has type <dev.chat.adapters.netty.ServerSettings>"
 *     (the core rule failed on it too, as it should)
 *   - dev.chat.tools.PlantedOutsider, in no layer, with a SqliteDatabase field -> "Field
 *     <dev.chat.tools.PlantedOutsider.database> has type <dev.chat.adapters.sqlite.SqliteDatabase>"
 *   - dev.chat.adapters.netty.PlantedAppUse with a dev.chat.app.Config field -> "where layer 'App' may not
 *     be accessed by any layer ... Field <dev.chat.adapters.netty.PlantedAppUse.config> has type
 *     <dev.chat.app.Config>"
 * netty_types_only_in_the_netty_adapter
 *   - dev.chat.app.PlantedNettyUse calling Unpooled -> "no classes that reside outside of package
 *     'dev.chat.adapters.netty..' should depend on classes that reside in a package 'io.netty..'' was
 *     violated (1 times): Method <dev.chat.app.PlantedNettyUse.buffer()> calls method
 *     <io.netty.buffer.Unpooled.buffer()> in (PlantedNettyUse.java:6)"
 * every_package_the_rules_name_has_classes
 *   - "dev.chat.adapter.sqlite.." (typo) -> "[main classes imported from dev.chat.adapter.sqlite..]
 *     Expecting actual not to be empty"
 */
package dev.chat.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The module boundaries of STYLE.md point 1, as ArchUnit rules that have each been seen to fail. */
class ArchitectureTest {

    private static final String CORE = "dev.chat.core..";
    private static final String ADAPTERS = "dev.chat.adapters..";
    private static final String EACH_ADAPTER = "dev.chat.adapters.(*)..";
    private static final String NETTY_ADAPTER = "dev.chat.adapters.netty..";
    private static final String SQLITE_ADAPTER = "dev.chat.adapters.sqlite..";
    private static final String DYNAMODB_ADAPTER = "dev.chat.adapters.dynamodb..";
    private static final String REDIS_ADAPTER = "dev.chat.adapters.redis..";
    private static final String APP = "dev.chat.app..";
    private static final String NETTY = "io.netty..";

    /*
     * DO_NOT_INCLUDE_TESTS only recognises test-classes folders; chat-core's contract tests reach this
     * classpath as chat-core-*-tests.jar and would otherwise be judged as core main code.
     */
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(TEST_JAR))
            .importPackages("dev.chat");

    /** A rule over packages that match nothing passes forever; this fails first if a name goes stale. */
    @Test
    void every_package_the_rules_name_has_classes() {
        for (String pkg : new String[] {CORE, NETTY_ADAPTER, SQLITE_ADAPTER, DYNAMODB_ADAPTER, REDIS_ADAPTER, APP}) {
            assertThat(CLASSES.that(resideInAPackage(pkg)))
                    .as("main classes imported from %s", pkg)
                    .isNotEmpty();
        }
        Slices adapters = Slices.matching(EACH_ADAPTER).transform(CLASSES);
        assertThat(StreamSupport.stream(adapters.spliterator(), false).map(slice -> slice.getNamePart(1)))
                .as("adapter slices matching %s", EACH_ADAPTER)
                .contains("netty", "sqlite", "dynamodb", "redis");
        assertThat(CLASSES.that(resideInAPackage(NETTY_ADAPTER)).stream()
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .anyMatch(d -> resideInAPackage(NETTY).test(d.getTargetClass())))
                .as("the netty adapter uses %s, so the rule about it names a real package", NETTY)
                .isTrue();
    }

    @Test
    void core_depends_on_nothing_but_the_jdk_and_slf4j() {
        classes()
                .that()
                .resideInAPackage(CORE)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..", CORE)
                .check(CLASSES);
    }

    @Test
    void adapters_do_not_depend_on_each_other() {
        slices().matching(EACH_ADAPTER).should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void only_the_app_wires_adapters() {
        layeredArchitecture()
                .consideringAllDependencies()
                .layer("Core")
                .definedBy(CORE)
                .layer("Adapters")
                .definedBy(ADAPTERS)
                .layer("App")
                .definedBy(APP)
                .whereLayer("App")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters")
                .mayOnlyBeAccessedByLayers("App")
                .check(CLASSES);
    }

    /**
     * Netty stays in its adapter. One exception: the app's {@code Metrics} hands Netty's pooled allocator to
     * Micrometer's standard allocator binder, which takes it as it is.
     */
    @Test
    void netty_types_only_in_the_netty_adapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage(NETTY_ADAPTER)
                .and()
                .doNotHaveFullyQualifiedName(Metrics.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(NETTY)
                .check(CLASSES);
    }
}
