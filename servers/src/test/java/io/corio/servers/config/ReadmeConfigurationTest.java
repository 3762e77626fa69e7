package io.corio.servers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The YAML example in README.md ("Configuration") is a valid configuration, read as the loader reads files. */
class ReadmeConfigurationTest {
    @Test
    void theReadmeExampleLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("## Configuration"));
        int end = readme.indexOf("```", start + 8);
        assertThat(start).as("a yaml block under ## Configuration").isPositive();

        CorioConfig config = ConfigLoader.parse(readme.substring(start + 8, end), "README.md");

        ListenerConfig web = config.listeners().getFirst();
        assertThat(web.transport()).isEqualTo(TransportKind.TLS);
        assertThat(web.workers()).isEqualTo(2);
        assertThat(web.limits().headerBytes()).isEqualTo(16 * 1024);
        assertThat(((ProtocolOptions.Http) web.options()).rpcPath()).isEqualTo("/rpc");
        assertThat(config.admin().port()).isEqualTo(9090);
    }
}
