/*
 * Each rule was seen to fail on a planted violation (ArchUnit 1.4.1, 2026-12-06):
 *
 * the_domain_depends_on_nothing_else_of_the_project
 *   - a field of type dev.chat.core.port.out.RoomStore planted in dev.chat.core.domain.Room
 * use_cases_do_not_depend_on_what_the_core_needs
 *   - Admin.Stats holding PresenceStore.NodeFigures, as it did before NodeFigures moved to the domain
 * services_other_than_the_assembly_never_use_the_in_memory_adapters
 *   - a field of type InMemoryRoomStore planted in dev.chat.core.service.RoomService
 * use_cases_take_domain_values_not_a_clients_strings (a plain reflection check)
 *   - Rooms.find(Principal, String) put back as it was before the use cases were typed
 */
package dev.chat.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rings inside the core: the domain needs nothing, the use cases do not see the ports they are built on. */
class CoreArchitectureTest {

    private static final String DOMAIN = "dev.chat.core.domain..";
    private static final String PORT_IN = "dev.chat.core.port.in..";
    private static final String PORT_OUT = "dev.chat.core.port.out..";
    private static final String SERVICE = "dev.chat.core.service..";
    private static final String MEMORY = "dev.chat.core.memory..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.chat.core");

    /** A rule over packages that match nothing passes forever; this fails first if a name goes stale. */
    @Test
    void every_package_the_rules_name_has_classes() {
        for (String pkg : new String[] {DOMAIN, PORT_IN, PORT_OUT, SERVICE, MEMORY}) {
            assertThat(CLASSES.that(resideInAPackage(pkg)))
                    .as("main classes in %s", pkg)
                    .isNotEmpty();
        }
    }

    @Test
    void the_domain_depends_on_nothing_else_of_the_project() {
        noClasses()
                .that()
                .resideInAPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PORT_IN, PORT_OUT, SERVICE, MEMORY)
                .check(CLASSES);
    }

    @Test
    void use_cases_do_not_depend_on_what_the_core_needs() {
        noClasses()
                .that()
                .resideInAPackage(PORT_IN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PORT_OUT, SERVICE, MEMORY)
                .check(CLASSES);
    }

    /**
     * {@code ChatCore}, where an embedder's choices meet the defaults, may name the in-memory adapters; the use
     * cases themselves only ever see ports.
     */
    @Test
    void services_other_than_the_assembly_never_use_the_in_memory_adapters() {
        noClasses()
                .that()
                .resideInAPackage(SERVICE)
                .and()
                .doNotHaveSimpleName("ChatCore")
                .and()
                .doNotHaveSimpleName("Builder")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(MEMORY)
                .check(CLASSES);
    }

    /**
     * The strings a use case may still take: what is checked rather than parsed (a sign-in's name and password, a
     * current password) and secrets (tokens). Everything else a client says reaches the core as a domain value.
     */
    private static final Set<String> STRINGS_ALLOWED = Set.of(
            "Accounts.login#0 (the name)",
            "Accounts.login#1 (the password)",
            "Accounts.logout#0 (a token)",
            "Accounts.authenticate#0 (a token)",
            "Accounts.changePassword#1 (the current password)",
            "Accounts.resetPassword#0 (a reset token)",
            "Webhooks.receive#1 (an incoming webhook's secret, a token)",
            "Webhooks.receive#3 (the name a program asked to be shown by, checked as Webhook.via)",
            "Webhooks.receive#4 (an Idempotency-Key header, only ever hashed)");

    @Test
    void use_cases_take_domain_values_not_a_clients_strings() {
        List<String> raw = new ArrayList<>();
        for (var type : CLASSES.that(resideInAPackage(PORT_IN))) {
            if (!type.isInterface()) {
                continue;
            }
            for (Method method : type.reflect().getMethods()) {
                Class<?>[] parameters = method.getParameterTypes();
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] == String.class) {
                        raw.add(type.reflect().getSimpleName() + "." + method.getName() + "#" + i);
                    }
                }
            }
        }
        assertThat(raw)
                .as("String parameters of the use cases")
                .isNotEmpty()
                .allMatch(p -> STRINGS_ALLOWED.stream().anyMatch(a -> a.startsWith(p + " ")));
    }
}
