package io.corio.servers.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML file in config/ and config/examples/ loads: the files users copy from must be valid. */
class ShippedConfigsTest {

    /** The repository root: the nearest directory above the module that has config/corio.yaml. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/corio.yaml"))) {
                return dir;
            }
        }
        throw new AssertionError("no config/corio.yaml above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
        }
    }

    @Test
    void theDefaultConfigurationServesEchoHttpAndRpcOnLoopback() {
        CorioConfig config = ConfigLoader.load(repoRoot().resolve("config/corio.yaml"));

        assertThat(config.listeners()).extracting(l -> l.name() + " " + l.protocol() + " " + l.address())
                .containsExactly("echo echo tcp://127.0.0.1:7000", "web http tcp://127.0.0.1:8080",
                        "rpc rpc tcp://127.0.0.1:7001");
        assertThat(config.listeners().get(2).options()).isEqualTo(ProtocolOptions.Rpc.DEFAULTS);
        assertThat(config.listeners().get(1).options()).isEqualTo(ProtocolOptions.Http.DEFAULTS);
    }

    @Test
    void everyShippedFileIsValid() throws IOException {
        Path root = repoRoot();
        List<Path> files = yamlFiles(root.resolve("config"));
        files.addAll(yamlFiles(root.resolve("config/examples")));
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("corio.yaml", "tls.yaml", "unix.yaml", "udp.yaml", "workers.yaml", "limits.yaml",
                        "admin.yaml");

        for (Path file : files) {
            CorioConfig config = ConfigLoader.load(file);
            assertThat(config.listeners()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theExamplesShowWhatTheirNamesSay() {
        Path examples = repoRoot().resolve("config/examples");

        assertThat(ConfigLoader.load(examples.resolve("tls.yaml")).listeners().getFirst().tls().cert())
                .isEqualTo(examples.resolve("certs/cert.pem").toAbsolutePath());
        assertThat(ConfigLoader.load(examples.resolve("unix.yaml")).listeners())
                .allMatch(l -> l.transport() == TransportKind.UNIX);
        assertThat(ConfigLoader.load(examples.resolve("udp.yaml")).listeners().getFirst().transport())
                .isEqualTo(TransportKind.UDP);
        assertThat(ConfigLoader.load(examples.resolve("workers.yaml")).listeners().getFirst().workers())
                .isEqualTo(2);
        assertThat(ConfigLoader.load(examples.resolve("admin.yaml")).admin()).isNotNull();
        assertThat(ConfigLoader.load(examples.resolve("limits.yaml")).listeners().getFirst().limits())
                .isNotEqualTo(ListenerLimits.DEFAULTS);
    }
}
