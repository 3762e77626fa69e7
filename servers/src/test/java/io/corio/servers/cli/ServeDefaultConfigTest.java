package io.corio.servers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeDefaultConfigTest {
    @TempDir
    Path home;

    @AfterEach
    void clearHome() {
        System.clearProperty(ServeCommand.CORIO_HOME);
    }

    @Test
    void theDefaultFileComesFromTheCorioCheckoutWhenTheWorkingDirectoryHasNone() {
        // the tests run in servers/, which has no config/corio.yaml
        assertThat(Files.exists(CheckCommand.DEFAULT_FILE)).isFalse();
        System.setProperty(ServeCommand.CORIO_HOME, home.toString());

        assertThat(ServeCommand.configFile(CheckCommand.DEFAULT_FILE)).isEqualTo(home.resolve("config/corio.yaml"));
    }

    @Test
    void aFileGivenWithDashCIsUsedAsItIs() {
        System.setProperty(ServeCommand.CORIO_HOME, home.toString());
        Path given = Path.of("elsewhere.yaml");

        assertThat(ServeCommand.configFile(given)).isEqualTo(given);
    }

    @Test
    void withoutACheckoutTheDefaultStaysRelative() {
        assertThat(ServeCommand.configFile(CheckCommand.DEFAULT_FILE)).isEqualTo(CheckCommand.DEFAULT_FILE);
    }
}
