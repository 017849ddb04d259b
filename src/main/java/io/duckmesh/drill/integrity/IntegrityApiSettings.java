package io.duckmesh.drill.integrity;

import io.duckmesh.drill.postgres.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * Where duckmesh's integrity-run API is and how to talk to it: base URL, bearer token, the start
 * path, the request field that holds the catalog connection, and the poll interval and timeouts.
 */
public record IntegrityApiSettings(String baseUrl, Optional<Secret> token, String startPath, String catalogField,
                                   Duration pollInterval, Duration timeout, Duration requestTimeout) {

    public String startUrl() {
        return baseUrl + (startPath.startsWith("/") ? startPath : "/" + startPath);
    }

    /** A status URL as the API gave it, made absolute against the base URL. */
    public String resolve(String statusUrl) {
        if (statusUrl.startsWith("http://") || statusUrl.startsWith("https://")) {
            return statusUrl;
        }
        java.net.URI base = java.net.URI.create(baseUrl + "/");
        return base.resolve(statusUrl.startsWith("/") ? statusUrl : statusUrl).toString();
    }
}
