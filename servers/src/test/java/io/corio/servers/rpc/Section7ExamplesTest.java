package io.corio.servers.rpc;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.corio.servers.rpc.Dispatch.assertSameJson;
import static io.corio.servers.rpc.Dispatch.dispatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of section 7 of the JSON-RPC 2.0 specification, read verbatim from
 * {@code jsonrpc-2.0-section-7.txt}, against the demo service: each {@code -->} message gets the {@code <--}
 * answer that follows it (compared as JSON trees, batch elements in any order), or none.
 */
class Section7ExamplesTest {
    private final TestLoop loop = TestLoop.create();
    private final DemoService demo = new DemoService();
    private final RpcService service = RpcService.of(demo);

    record Example(String request, String response) {
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @TestFactory
    List<DynamicTest> eachExampleGetsTheSpecifiedAnswer() throws IOException {
        var tests = new ArrayList<DynamicTest>();
        for (Example example : examples()) {
            String name = example.request().lines().map(String::strip).reduce("", String::concat);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                String actual = dispatch(loop, service, example.request());
                if (example.response() == null) {
                    assertThat(actual).as("no answer to %s", name).isNull();
                } else {
                    assertThat(actual).as("an answer to %s", name).isNotNull();
                    assertSameJson(actual, example.response());
                }
            }));
        }
        return tests;
    }

    @Test
    void theFileHoldsAllFifteenRequestsAndTheNotificationsRan() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).hasSize(15);
        assertThat(examples.stream().filter(e -> e.response() == null)).hasSize(3);
        for (Example example : examples) {
            dispatch(loop, service, example.request());
        }
        // update, notify_hello (twice: batch and all-notification batch), notify_sum
        assertThat(demo.notifications()).isEqualTo(4);
    }

    /** Parses the examples: a block is a marker line and the non-blank lines after it. */
    static List<Example> examples() throws IOException {
        String text;
        try (InputStream in = Section7ExamplesTest.class.getResourceAsStream("jsonrpc-2.0-section-7.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var blocks = new ArrayList<String>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("-->") || line.startsWith("<--")) {
                if (current != null) {
                    blocks.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (line.isBlank() || current == null) {
                if (current != null) {
                    blocks.add(current.toString());
                }
                current = null;
            } else {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            blocks.add(current.toString());
        }
        var examples = new ArrayList<Example>();
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            if (!block.startsWith("-->")) {
                continue;
            }
            String response = null;
            if (i + 1 < blocks.size() && blocks.get(i + 1).startsWith("<--")) {
                String body = blocks.get(i + 1).substring(3).strip();
                response = body.startsWith("//") ? null : body;
            }
            examples.add(new Example(block.substring(3).strip(), response));
        }
        return examples;
    }
}
