package io.duckmesh.drill.postgres;

import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL JDBC URL taken apart with pgjdbc's own parser, so that pg_dump and pg_restore reach
 * the same server the JDBC checks do. A {@code password=} parameter is lifted out into a
 * {@link Secret} and never kept in the URL's text.
 */
public record JdbcUrl(String host, int port, String database, Optional<String> user, Optional<Secret> password,
                      Optional<String> sslMode, String text) {

    public static JdbcUrl parse(String url) {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a PostgreSQL JDBC URL;"
                    + " expected jdbc:postgresql://host[:port]/database");
        }
        String host = parsed.getProperty("PGHOST", "localhost");
        String port = parsed.getProperty("PGPORT", "5432");
        if (host.contains(",")) {
            throw new IllegalArgumentException("'" + redact(url) + "' names several hosts; give the drill one server");
        }
        return new JdbcUrl(host, Integer.parseInt(port), parsed.getProperty("PGDBNAME", ""),
                Optional.ofNullable(parsed.getProperty("user")), Optional.ofNullable(parsed.getProperty("password")).map(Secret::new),
                Optional.ofNullable(parsed.getProperty("sslmode")), redact(url));
    }

    /** The URL with any password parameter removed, for messages and reports. */
    public static String redact(String url) {
        return url.replaceAll("(?i)([?&])password=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    /**
     * {@code url} naming {@code database} instead of its own, every other part as it was; the name is
     * URL-encoded, as pgjdbc decodes it.
     */
    public static String withDatabase(String url, String database) {
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$").matcher(url);
        if (!parts.matches()) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a PostgreSQL JDBC URL of the form"
                    + " jdbc:postgresql://host[:port]/database; the drill cannot name another database on its server");
        }
        String encoded = java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return parts.group(1) + "/" + encoded + Optional.ofNullable(parts.group(3)).orElse("");
    }

    /** The endpoint, with a user and password given elsewhere taking precedence over the URL's. */
    public PgEndpoint endpoint(Optional<String> userOverride, Optional<Secret> passwordOverride) {
        String role = userOverride.or(() -> user).orElse(System.getProperty("user.name"));
        return new PgEndpoint(host, port, database, role, passwordOverride.or(() -> password));
    }

    @Override
    public String toString() {
        return text;
    }
}
