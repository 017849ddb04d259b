package io.duckmesh.drill.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This tool's version, as Maven wrote it into drill-version.properties. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("/drill-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read drill-version.properties from the classpath", unreadable);
        }
    }
}
