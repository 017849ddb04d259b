package io.duckmesh.drill.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the drill's SQL from {@code src/main/resources/sql}, so queries read as SQL, not Java strings. */
public final class SqlResource {

    private SqlResource() {
    }

    public static String load(String name) {
        String path = "/sql/" + name;
        try (InputStream in = SqlResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("SQL resource " + path + " is missing from the drill's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read SQL resource " + path, unreadable);
        }
    }
}
