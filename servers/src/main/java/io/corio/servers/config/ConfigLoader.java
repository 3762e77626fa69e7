package io.corio.servers.config;

import io.corio.servers.config.internal.ConfigReader;
import io.corio.servers.config.internal.Reading;
import io.corio.servers.config.internal.YamlInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a YAML configuration file into a validated {@link CorioConfig}. Static, stateless and thread-safe; every
 * method runs on the calling thread and reads the file once.
 *
 * <p>Every mistake is a {@link ConfigException} whose message names the file, line, column and key path and what
 * was expected: unknown keys (with the closest known key), wrong types, bad values (with the allowed ones), missing
 * or duplicate keys, duplicate listener names or addresses, a {@code tls} block without {@code transport: tls} and
 * the reverse. Documents built to exhaust the reader are refused: more than 1 Mi characters, lists and mappings
 * nested deeper than 32, more than 50 aliases to lists or mappings, recursive aliases.
 *
 * <p>Relative paths (TLS files, Unix socket paths, the HTTP root) are resolved against the directory of the
 * configuration file. The reference of keys and defaults is docs/configuration.md.
 */
public final class ConfigLoader {
    /** Largest file read, in bytes (the document limit is 1 Mi characters, at most 4 bytes each in UTF-8). */
    static final long MAX_FILE_BYTES = 4L * YamlInput.MAX_CODE_POINTS;

    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws ConfigException if the file cannot be read or is not a valid configuration
     */
    public static CorioConfig load(Path file) {
        return read(file).config();
    }

    /**
     * Reads and validates {@code file} like {@link #load}, then checks that every file it names can be read (TLS
     * certificate, key and client CA files; the HTTP root directory; the directory of a Unix socket) without
     * loading them: what {@code corio check} does.
     *
     * @throws ConfigException at the key naming a missing or unreadable file, or as {@link #load} does
     */
    public static CorioConfig check(Path file) {
        ConfigReader.Result result = read(file);
        for (Reading.FileRef ref : result.files()) {
            String problem = fileProblem(ref.path(), ref.directory());
            if (problem != null && (ref.key().endsWith("tls.cert") || ref.key().endsWith("tls.key"))) {
                problem += " (for development, bin/corio cert --out DIR writes cert.pem and key.pem)";
            }
            if (problem != null) {
                throw position(file.toString(), ref, problem);
            }
        }
        return result.config();
    }

    /**
     * Reads and validates YAML text; relative paths are resolved against the working directory.
     *
     * @param sourceName how error messages name the text, such as {@code test.yaml}
     * @throws ConfigException if the text is not a valid configuration
     */
    public static CorioConfig parse(String text, String sourceName) {
        return parse(text, sourceName, Path.of("").toAbsolutePath());
    }

    /**
     * Reads and validates YAML text; relative paths are resolved against {@code baseDir}.
     *
     * @throws ConfigException if the text is not a valid configuration
     */
    public static CorioConfig parse(String text, String sourceName, Path baseDir) {
        return ConfigReader.read(text, sourceName, null, baseDir.toAbsolutePath()).config();
    }

    private static ConfigReader.Result read(Path file) {
        String source = file.toString();
        String text = text(file, source);
        Path absolute = file.toAbsolutePath();
        return ConfigReader.read(text, source, file, absolute.getParent());
    }

    /** The file's text, strictly UTF-8, without a byte-order mark. */
    private static String text(Path file, String source) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(source, 0, 0, null, "is a directory; expected a YAML file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(source, 0, 0, null, "the file has " + size + " bytes, more than the "
                        + "limit of " + MAX_FILE_BYTES + ": refused");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, 0, 0, null, "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(source, 0, 0, null, "cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, 0, 0, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, null, "cannot be read: " + e);
        }
    }

    private static String fileProblem(Path path, boolean directory) {
        if (!Files.exists(path)) {
            return (directory ? "no such directory: " : "no such file: ") + path;
        }
        if (directory != Files.isDirectory(path)) {
            return directory ? "not a directory: " + path : "is a directory, expected a file: " + path;
        }
        if (!Files.isReadable(path)) {
            return "cannot be read (permission denied): " + path;
        }
        return null;
    }

    private static ConfigException position(String source, Reading.FileRef ref, String problem) {
        return ref.mark().map(m -> new ConfigException(source, m.getLine() + 1, m.getColumn() + 1, ref.key(),
                problem)).orElseGet(() -> new ConfigException(source, 0, 0, ref.key(), problem));
    }
}
