package io.corio.servers.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One test per kind of mistake: each error names the line, column and key path and says what was expected. */
class ConfigErrorsTest {

    private static ConfigException error(String yaml) {
        return catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "bad.yaml", Path.of("/srv")));
    }

    private static void assertAt(ConfigException e, int line, int column, String key) {
        assertThat(e).as("expected an error").isNotNull();
        assertThat(e.source()).isEqualTo("bad.yaml");
        assertThat(e.line()).as("line of: " + e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of: " + e.getMessage()).isEqualTo(column);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith("bad.yaml:" + line + ":" + column + ": " + key + ": ");
    }

    @Test
    void anUnknownKeySuggestsTheClosestKnownOne() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    port: 8080
                    workerz: 2
                """);

        assertAt(e, 5, 5, "listeners[0].workerz");
        assertThat(e.problem()).startsWith("unknown key; expected one of name, protocol, transport, host, port")
                .endsWith("(did you mean workers?)");
    }

    @Test
    void aSnakeCaseKeySuggestsTheCamelCaseOne() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, port: 8080, limits: {max_connections: 10}}
                """);

        assertAt(e, 2, 54, "listeners[0].limits.max_connections");
        assertThat(e.problem()).endsWith("(did you mean maxConnections?)");
    }

    @Test
    void aWrongTypeNamesTheExpectedType() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    port: "8080"
                """);

        assertAt(e, 4, 11, "listeners[0].port");
        assertThat(e.problem()).isEqualTo("expected an integer; got '8080'");
    }

    @Test
    void aBadEnumValueListsTheAllowedOnes() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, transport: tpc, port: 8080}
                """);

        assertAt(e, 2, 44, "listeners[0].transport");
        assertThat(e.problem()).isEqualTo("expected one of tcp, udp, unix, tls; got 'tpc' (did you mean tcp?)");
    }

    @Test
    void aMissingRequiredKeyPointsAtItsMapping() {
        ConfigException e = error("""
                shutdown: {timeout: 10s}
                listeners:
                  - name: web
                    port: 8080
                """);

        assertAt(e, 3, 5, "listeners[0].protocol");
        assertThat(e.problem()).startsWith("missing: echo, http, rpc");
    }

    @Test
    void aDuplicateKeyNamesTheFirstOne() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    port: 8080
                    port: 8081
                """);

        assertAt(e, 5, 5, "listeners[0].port");
        assertThat(e.problem()).isEqualTo("duplicate key (first given on line 4)");
    }

    @Test
    void aDuplicateListenerNameNamesTheFirstListener() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, port: 8080}
                  - {name: web, protocol: echo, port: 7000}
                """);

        assertAt(e, 3, 12, "listeners[1].name");
        assertThat(e.problem()).isEqualTo("'web' is already the name of listeners[0]; listener names must be unique");
    }

    @Test
    void twoListenersOnOneAddressAreRefused() {
        ConfigException e = error("""
                listeners:
                  - {name: a, protocol: http, port: 8080}
                  - {name: b, protocol: echo, transport: tls, port: 8080, tls: {cert: c, key: k}}
                """);

        assertAt(e, 3, 53, "listeners[1].port");
        assertThat(e.problem()).isEqualTo("tls://127.0.0.1:8080 is also the address of listeners[0]");
    }

    @Test
    void aPortOutOfRangeSaysTheRange() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, port: 70000}
                """);

        assertAt(e, 2, 39, "listeners[0].port");
        assertThat(e.problem()).isEqualTo("expected 0..65535, got 70000");
    }

    @Test
    void aTlsBlockNeedsTransportTls() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    port: 8443
                    tls: {cert: c.pem, key: k.pem}
                """);

        assertAt(e, 5, 10, "listeners[0].tls");
        assertThat(e.problem()).isEqualTo("a tls block needs transport: tls (this listener's transport is tcp)");
    }

    @Test
    void transportTlsNeedsATlsBlock() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    transport: tls
                    port: 8443
                """);

        assertAt(e, 4, 16, "listeners[0].tls");
        assertThat(e.problem()).isEqualTo("transport tls needs a tls block with cert and key");
    }

    @Test
    void aTlsBlockWithoutAKeyIsMissingIt() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: http
                    transport: tls
                    port: 8443
                    tls:
                      cert: c.pem
                """);

        assertAt(e, 7, 7, "listeners[0].tls.key");
        assertThat(e.problem()).startsWith("missing: the PEM private key");
    }

    @Test
    void clientAuthNeedsAClientCa() {
        ConfigException e = error("""
                listeners:
                  - {name: s, protocol: echo, transport: tls, port: 1, tls: {cert: c, key: k, clientAuth: required}}
                """);

        assertAt(e, 2, 91, "listeners[0].tls.clientAuth");
        assertThat(e.problem()).startsWith("clientAuth required needs clientCa");
    }

    @Test
    void anUnknownProtocolThatIsNoClassNameSuggestsABuiltInOne() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: htp, port: 8080}
                """);

        assertAt(e, 2, 27, "listeners[0].protocol");
        assertThat(e.problem()).isEqualTo("unknown protocol 'htp': expected echo, http, rpc or a fully qualified "
                + "class name such as com.example.MyProtocol (did you mean http?)");
        assertThat(error("listeners: [{name: x, protocol: com.example.My-Protocol, port: 1}]").problem())
                .startsWith("unknown protocol 'com.example.My-Protocol'");
    }

    @Test
    void httpAndRpcNeedAStreamTransport() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, transport: udp, port: 8080}
                """);

        assertAt(e, 2, 44, "listeners[0].transport");
        assertThat(e.problem()).isEqualTo("protocol http needs a stream transport (tcp, tls or unix), not udp");
    }

    @Test
    void unixListenersTakeAPathNotAPort() {
        ConfigException e = error("""
                listeners:
                  - {name: local, protocol: echo, transport: unix, port: 7000}
                """);

        assertAt(e, 2, 58, "listeners[0].port");
        assertThat(e.problem()).isEqualTo("does not apply to transport unix, which listens on path:");
    }

    @Test
    void aHostWithAPortSaysWhereThePortGoes() {
        ConfigException e = error("""
                listeners:
                  - {name: web, protocol: http, host: "127.0.0.1:8080", port: 8080}
                """);

        assertAt(e, 2, 39, "listeners[0].host");
        assertThat(e.problem()).contains("put the port in port:");
    }

    @Test
    void aDurationWithoutAUnitAndAnAmbiguousSizeAreRefusedWithAHint() {
        ConfigException duration = error("""
                shutdown:
                  timeout: 30
                listeners: [{name: a, protocol: echo, port: 1}]
                """);
        assertAt(duration, 2, 12, "shutdown.timeout");
        assertThat(duration.problem()).isEqualTo("'30' needs a unit: 30ms, 30s, 30m or 30h");

        ConfigException size = error("""
                listeners:
                  - {name: web, protocol: http, port: 8080, limits: {bodySize: 64KB}}
                """);
        assertAt(size, 2, 64, "listeners[0].limits.bodySize");
        assertThat(size.problem()).startsWith("'64KB' is ambiguous (1000 or 1024?): write 64KiB");
    }

    @Test
    void aReadSizeOfZeroIsRefusedAtItsKey() {
        ConfigException e = error("""
                listeners:
                  - {name: a, protocol: echo, port: 1, limits: {readSize: 0}}
                """);

        assertThat(e.key()).isEqualTo("listeners[0].limits.readSize");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("expected 1..2147483647 bytes, got 0");
    }

    @Test
    void writeLowWaterAboveHighWaterIsRefusedAtTheLowMark() {
        ConfigException e = error("""
                listeners:
                  - name: a
                    protocol: echo
                    port: 1
                    limits:
                      writeHighWater: 8KiB
                      writeLowWater: 16KiB
                """);

        assertAt(e, 7, 22, "listeners[0].limits.writeLowWater");
        assertThat(e.problem()).isEqualTo("writeLowWater (16384 bytes) must not be above writeHighWater (8192 bytes)");
    }

    @Test
    void aYamlSyntaxErrorHasItsPosition() {
        ConfigException e = error("""
                listeners:
                  - name: web
                    protocol: [http
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isNull();
        assertThat(e.getMessage()).isEqualTo("bad.yaml:4:1: YAML syntax: expected ',' or ']', but got <stream end> "
                + "(while parsing a flow sequence)");
    }

    @Test
    void anEmptyDocumentOrAMissingListenerListSaysWhatIsNeeded() {
        assertThat(error("# nothing\n").getMessage())
                .startsWith("bad.yaml: the document is empty; expected a mapping with listeners:");
        ConfigException e = error("shutdown: {timeout: 1s}\n");
        assertAt(e, 1, 1, "listeners");
        assertThat(error("listeners: []\n").problem()).isEqualTo("expected at least one listener");
        assertThat(error("- a\n- b\n").problem()).startsWith("expected a mapping with keys shutdown, admin");
    }

    @Test
    void nullValuesInUserOptionsAreRefused() {
        ConfigException e = error("""
                listeners:
                  - name: mine
                    protocol: com.example.Mine
                    port: 1
                    options:
                      greeting:
                """);

        assertAt(e, 6, 16, "listeners[0].options.greeting");
        assertThat(e.problem()).startsWith("empty values (null) are not allowed in options");
    }

    @Test
    void aStringWhereABooleanBelongsIsAWrongType() {
        ConfigException e = error("""
                listeners:
                  - {name: e, protocol: echo, port: 1, options: {streams: yes}}
                """);

        assertAt(e, 2, 59, "listeners[0].options.streams");
        assertThat(e.problem()).isEqualTo("expected true or false; got 'yes'");
    }

    @Test
    void anEnvironmentVariableIsNotExpandedAndTheErrorSaysSo() {
        ConfigException e = error("""
                listeners:
                  - name: a
                    protocol: echo
                    port: ${PORT}
                """);

        assertAt(e, 4, 11, "listeners[0].port");
        assertThat(e.problem()).isEqualTo("expected an integer; got '${PORT}' (environment variables are not "
                + "expanded)");
    }

    @Test
    void aFileThatCannotBeUsedIsNamedWithoutAPosition(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "#" + "x".repeat(4 << 20) + "\n");

        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(latin1)))
                .hasMessage(latin1 + ": not UTF-8 text");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir)))
                .hasMessage(dir + ": is a directory; expected a YAML file");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(huge)))
                .hasMessage(huge + ": the file has " + ((4 << 20) + 2) + " bytes, more than the limit of 4194304: "
                        + "refused");
    }

    @Test
    void aByteOrderMarkIsSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.yaml");
        Files.writeString(file, "\uFEFFlisteners: [{name: a, protocol: echo, port: 1}]\n");

        assertThat(ConfigLoader.load(file).listeners()).hasSize(1);
    }
}
