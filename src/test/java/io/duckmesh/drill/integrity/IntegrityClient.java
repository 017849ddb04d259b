package io.duckmesh.drill.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request at a time to the integrity-run API (fixtures/integrity-api/openapi.yaml), each
 * answer sorted into done, worth retrying (connection refused, 429 with its Retry-After, 502, 503,
 * 504) or final (400, 401, 403, 404, other statuses, malformed JSON), which throws with the status,
 * the URL and the body's message. The token only ever goes into the Authorization header.
 */
public final class IntegrityClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> TRANSIENT = List.of(429, 502, 503, 504);

    /** The outcome of one request: a value, or a reason to try again (after at least retryAfter when given). */
    public record Attempt<T>(Optional<T> value, String retryReason, Optional<Duration> retryAfter) {
        static <T> Attempt<T> done(T value) {
            return new Attempt<>(Optional.of(value), "", Optional.empty());
        }

        static <T> Attempt<T> retry(String reason, Optional<Duration> after) {
            return new Attempt<>(Optional.empty(), reason, after);
        }
    }

    /** A started run: its id and the absolute URL its state is read from. */
    public record StartedRun(String id, String statusUrl) {
    }

    private final IntegrityApiSettings settings;
    private final List<Filter> filters;

    /** @param filters REST Assured filters for every request, such as the report's request/response attachments */
    public IntegrityClient(IntegrityApiSettings settings, List<Filter> filters) {
        this.settings = settings;
        this.filters = List.copyOf(filters);
    }

    /** The start request's body: the restored catalog's connection under the configured field, and the drill's run id. */
    public String startBody(PgEndpoint restored, String drillRunId) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode catalog = body.putObject(settings.catalogField());
        catalog.put("host", restored.host());
        catalog.put("port", restored.port());
        catalog.put("database", restored.database());
        catalog.put("user", restored.user());
        restored.password().ifPresent(secret -> catalog.put("password", secret.reveal()));
        body.put("requestedBy", "duckmesh-restore-drill " + drillRunId);
        return body.toString();
    }

    public Attempt<StartedRun> start(PgEndpoint restored, String drillRunId) {
        String url = settings.startUrl();
        return send("POST", url, () -> request().contentType(ContentType.JSON).body(startBody(restored, drillRunId)).post(url))
                .map(json -> {
                    String id = text(json, "id", "POST", url);
                    String statusUrl = json.hasNonNull("statusUrl") ? json.get("statusUrl").asText()
                            : settings.startPath().replaceAll("/+$", "") + "/" + id;
                    return new StartedRun(id, settings.resolve(statusUrl));
                });
    }

    public Attempt<RunState> read(StartedRun run) {
        return send("GET", run.statusUrl(), () -> request().get(run.statusUrl())).map(json -> {
            String status = text(json, "status", "GET", run.statusUrl());
            if (!RunState.known(status)) {
                throw new IntegrityApiException("GET " + run.statusUrl() + " answered the unknown status '" + status
                        + "'; the contract allows queued, running, passed, failed and error (fixtures/integrity-api/openapi.yaml).");
            }
            List<RunState.Check> checks = new ArrayList<>();
            json.path("checks").forEach(c -> checks.add(new RunState.Check(c.path("name").asText("(unnamed check)"),
                    c.path("status").asText(""), c.path("detail").asText(""))));
            return new RunState(run.id(), status, checks, json.path("message").asText(""));
        });
    }

    private RequestSpecification request() {
        int millis = (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
        RequestSpecification spec = RestAssured.given()
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", millis).setParam("http.socket.timeout", millis)))
                .accept(ContentType.JSON)
                .filters(filters);
        settings.token().ifPresent(token -> spec.header("Authorization", "Bearer " + token.reveal()));
        return spec;
    }

    private interface Call {
        Response send();
    }

    private record Answer(Optional<JsonNode> json, String retryReason, Optional<Duration> retryAfter) {
        <T> Attempt<T> map(java.util.function.Function<JsonNode, T> parse) {
            return json.map(j -> Attempt.done(parse.apply(j))).orElseGet(() -> Attempt.retry(retryReason, retryAfter));
        }
    }

    private Answer send(String method, String url, Call call) {
        Response response;
        try {
            response = call.send();
        } catch (Exception failed) {
            Throwable cause = networkCause(failed);
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException) {
                return new Answer(Optional.empty(), method + " " + url + ": " + describe(cause), Optional.empty());
            }
            if (cause instanceof UnknownHostException) {
                throw new IntegrityApiException(method + " " + url + ": unknown host " + cause.getMessage()
                        + ". Check drill.integrity.api-url.");
            }
            throw new IntegrityApiException(method + " " + url + " failed: " + failed);
        }
        int status = response.getStatusCode();
        String body = response.getBody().asString();
        if (TRANSIENT.contains(status)) {
            return new Answer(Optional.empty(), method + " " + url + " answered " + status + message(body),
                    status == 429 ? retryAfter(response.getHeader("Retry-After")) : Optional.empty());
        }
        if (status < 200 || status > 299) {
            throw new IntegrityApiException(method + " " + url + " answered " + status + message(body) + ". " + hint(status));
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new IOException("not a JSON object");
            }
            return new Answer(Optional.of(json), "", Optional.empty());
        } catch (IOException malformed) {
            throw new IntegrityApiException(method + " " + url + " answered " + status + " with malformed JSON ("
                    + malformed.getMessage().lines().findFirst().orElse("") + "): " + abbreviate(body)
                    + ". The API does not follow fixtures/integrity-api/openapi.yaml; check drill.integrity.api-url.");
        }
    }

    private static String text(JsonNode json, String field, String method, String url) {
        if (!json.hasNonNull(field) || !json.get(field).isValueNode()) {
            throw new IntegrityApiException(method + " " + url + " answered JSON without \"" + field + "\": " + abbreviate(json.toString())
                    + ". The API does not follow fixtures/integrity-api/openapi.yaml.");
        }
        return json.get(field).asText();
    }

    /** Seconds or an HTTP date, as RFC 9110 allows; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return ": " + json.get("message").asText();
            }
        } catch (IOException notJson) {
            return body.isBlank() ? "" : ": " + abbreviate(body);
        }
        return body.isBlank() ? "" : ": " + abbreviate(body);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> "Check the bearer token (DUCKMESH_RESTORE_DRILL_INTEGRITY_API_TOKEN or drill.integrity.api-token-file).";
            case 403 -> "The token is valid but may not start integrity runs; ask for a token that may.";
            case 404 -> "Check drill.integrity.api-url and drill.integrity.start-path against the deployment.";
            case 400 -> "The API refused the request; check drill.integrity.catalog-field against the deployment.";
            default -> "Retrying will not help; read the API's logs.";
        };
    }

    private static String describe(Throwable cause) {
        return cause instanceof ConnectException ? "connection refused (" + cause.getMessage() + ")"
                : "no answer within drill.integrity.request-timeout (" + cause.getMessage() + ")";
    }

    /** The network failure behind an exception (REST Assured throws them unwrapped or wrapped), or null. */
    private static Throwable networkCause(Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException || cause instanceof UnknownHostException) {
                return cause;
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
