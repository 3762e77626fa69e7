package io.corio.servers.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corio.servers.http.HttpException;
import io.corio.servers.http.HttpStatus;
import java.io.IOException;

/** The one Jackson mapper of the HTTP server (thread-safe once configured) and its error translation. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code bytes} as a {@code type}; malformed or mismatched JSON is a 400 naming line and column. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes.length == 0) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid JSON body: the body is empty");
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid JSON body" + where + ": "
                    + firstClause(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid JSON body: " + e.getMessage(), e);
        }
    }

    /** Jackson's message up to its source details ("(start marker at [Source: ...])", "at [Source...]"). */
    private static String firstClause(String message) {
        int cut = message.length();
        for (String marker : new String[] {" (start marker", "\n at [Source", " at [Source"}) {
            int at = message.indexOf(marker);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return message.substring(0, cut);
    }

    /** {@code value} serialized as UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
