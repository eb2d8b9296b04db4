package dev.chat.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client speaks the public protocol only, so it works against any deployment and any JVM program can take it:
 * its classes use the JDK, Jackson, Netty and slf4j, and nothing else — none of the server's code. Seen to fail on
 * a planted {@code dev.chat.client.Planted} holding a {@code dev.chat.core.domain.RoomName} field.
 */
class ClientArchitectureTest {

    private final JavaClasses client = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.chat.client");

    @Test
    void the_client_uses_nothing_but_the_jdk_jackson_netty_and_slf4j() {
        classes()
                .that()
                .resideInAPackage("dev.chat.client..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.chat.client..",
                        "java..",
                        "javax..",
                        "com.fasterxml.jackson..",
                        "io.netty..",
                        "org.slf4j..")
                .check(client);
    }
}
