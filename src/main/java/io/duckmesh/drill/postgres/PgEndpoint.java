package io.duckmesh.drill.postgres;

import java.util.Optional;
import java.util.Properties;

/** Where a database is and who connects to it. Its text form never shows the password. */
public record PgEndpoint(String host, int port, String database, String user, Optional<Secret> password) {

    public PgEndpoint withDatabase(String otherDatabase) {
        return new PgEndpoint(host, port, otherDatabase, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** JDBC properties carrying user and password, so the password never sits in a URL. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(secret -> properties.setProperty("password", secret.reveal()));
        properties.setProperty("ApplicationName", "duckmesh-restore-drill");
        return properties;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
