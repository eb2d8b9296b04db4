package dev.chat.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a client of the public protocol, so it works against any deployment: none of its classes may
 * use the server's code (the tests may, to start a server). Seen to fail on a planted
 * {@code dev.chat.cli.Planted} holding a {@code dev.chat.core.domain.RoomName} field.
 */
class CliArchitectureTest {

    private final JavaClasses cli = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.chat.cli");

    @Test
    void the_cli_uses_no_server_code() {
        noClasses()
                .that()
                .resideInAPackage("dev.chat.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.chat.core..", "dev.chat.adapters..", "dev.chat.app..")
                .check(cli);
    }
}
