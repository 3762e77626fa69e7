package io.corio.transports.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a private key file that others may read logs a warning naming the file and the fix. */
class SecurityKeyFilesTest {
    private final Logger julLogger = Logger.getLogger("io.corio.transports.tls");
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
    }

    private Path keyWithPermissions(String permissions) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TlsFixtures.LOCALHOST.writePem(cert, key);
        Assumptions.assumeTrue(Files.getFileStore(key).supportsFileAttributeView("posix"),
                "the temp file system has no POSIX permissions");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(permissions));
        return key;
    }

    @Test
    void aWorldReadableKeyIsWarnedAboutWithTheFileAndChmod600() throws Exception {
        Path key = keyWithPermissions("rw-r--r--");
        TlsContext.server(dir.resolve("cert.pem"), key).build();
        assertThat(warnings).singleElement().extracting(LogRecord::getMessage).asString()
                .isEqualTo("private key file " + key + " is readable by other users (rw-r--r--); restrict it with: "
                        + "chmod 600 " + key);
    }

    @Test
    void aGroupReadableKeyIsWarnedAboutToo() throws Exception {
        Path key = keyWithPermissions("rw-r-----");
        CertifiedKey.readPem(dir.resolve("cert.pem"), key);
        assertThat(warnings).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("is readable by its group (rw-r-----)", "chmod 600 " + key);
    }

    @Test
    void anOwnerOnlyKeyIsLoadedSilently() throws Exception {
        Path key = keyWithPermissions("rw-------");
        TlsContext.server(dir.resolve("cert.pem"), key).build();
        assertThat(warnings).isEmpty();
    }

    @Test
    void keysWrittenByCorioAreOwnerOnly() throws Exception {
        Path key = dir.resolve("written.pem");
        TlsFixtures.LOCALHOST.writePem(dir.resolve("written-cert.pem"), key);
        Assumptions.assumeTrue(Files.getFileStore(key).supportsFileAttributeView("posix"), "no POSIX permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
