package io.duckmesh.drill.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback implementing fixtures/integrity-api/openapi.yaml, standing in for
 * duckmesh: a started run really checks the catalog it is given over JDBC (data files belong to an
 * existing snapshot, record counts are not negative, every snapshot's table exists), in the
 * background, taking a few hundred milliseconds. A {@link Scenario} makes it misbehave the ways a
 * real deployment can.
 */
final class IntegrityApiServer implements AutoCloseable {

    /** How the server behaves. */
    enum Scenario { NORMAL, STAYS_RUNNING, UNAVAILABLE_TWICE, RATE_LIMITED_ONCE, MALFORMED_JSON }

    /** One request the server received: method, path, when, the Authorization header and the body. */
    record Received(String method, String path, Instant at, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> CHECKS = List.of(
            new String[] {"data files belong to an existing snapshot",
                "SELECT f.file_id FROM data_files f WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.snapshot_id = f.snapshot_id)"},
            new String[] {"record counts are not negative", "SELECT file_id FROM data_files WHERE record_count < 0"},
            new String[] {"every snapshot's table exists",
                "SELECT s.snapshot_id FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM catalog_tables t WHERE t.table_id = s.table_id)"});

    private final HttpServer server;
    private final ExecutorService runs = Executors.newSingleThreadExecutor();
    private final Map<String, ObjectNode> states = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger misbehaved = new AtomicInteger();
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final String token;
    private final String startPath;
    private final String catalogField;
    private volatile Scenario scenario = Scenario.NORMAL;

    IntegrityApiServer(String token, String startPath, String catalogField) throws IOException {
        this.token = token;
        this.startPath = startPath;
        this.catalogField = catalogField;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void scenario(Scenario next) {
        scenario = next;
        misbehaved.set(0);
        received.clear();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, Instant.now(), authorization, body));
        if (!authorization.equals("Bearer " + token)) {
            answer(exchange, 401, "{\"message\": \"bearer token missing or not accepted\"}", Map.of());
            return;
        }
        boolean start = exchange.getRequestMethod().equals("POST") && path.equals(startPath);
        if (scenario == Scenario.UNAVAILABLE_TWICE && misbehaved.getAndIncrement() < 2) {
            answer(exchange, 503, "{\"message\": \"integrity workers are restarting\"}", Map.of());
        } else if (scenario == Scenario.RATE_LIMITED_ONCE && start && misbehaved.getAndIncrement() < 1) {
            answer(exchange, 429, "{\"message\": \"too many integrity runs\"}", Map.of("Retry-After", "1"));
        } else if (start) {
            answer(exchange, 202, start(body).toString(), Map.of());
        } else if (exchange.getRequestMethod().equals("GET") && path.startsWith(startPath + "/") && states.containsKey(id(path))) {
            answer(exchange, 200, scenario == Scenario.MALFORMED_JSON ? "{\"id\": \"" + id(path) + "\", \"status\": " : states.get(id(path)).toString(),
                    Map.of());
        } else {
            answer(exchange, 404, "{\"message\": \"no such run or path: " + path + "\"}", Map.of());
        }
    }

    private ObjectNode start(String body) throws IOException {
        JsonNode catalog = JSON.readTree(body).path(catalogField);
        PgEndpoint endpoint = new PgEndpoint(catalog.path("host").asText(), catalog.path("port").asInt(),
                catalog.path("database").asText(), catalog.path("user").asText(),
                catalog.hasNonNull("password") ? Optional.of(new Secret(catalog.get("password").asText())) : Optional.empty());
        String id = "run-" + ids.incrementAndGet();
        ObjectNode state = JSON.createObjectNode().put("id", id).put("status", "queued");
        state.putArray("checks");
        states.put(id, state);
        if (scenario != Scenario.STAYS_RUNNING) {
            runs.submit(() -> execute(id, endpoint));
        } else {
            states.put(id, state.deepCopy().put("status", "running"));
        }
        return JSON.createObjectNode().put("id", id).put("status", "queued").put("statusUrl", startPath + "/" + id);
    }

    /** Runs every check over JDBC; each waits 0.1 s in the database, as a real run takes its time. */
    private void execute(String id, PgEndpoint endpoint) {
        states.put(id, states.get(id).deepCopy().put("status", "running"));
        ObjectNode done = JSON.createObjectNode().put("id", id);
        ArrayNode checks = done.putArray("checks");
        boolean passed = true;
        try (Connection connection = sessions.openReadOnly(endpoint); Statement statement = connection.createStatement()) {
            for (String[] check : CHECKS) {
                statement.execute("SELECT pg_sleep(0.1)");
                List<String> offenders = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery(check[1])) {
                    while (rs.next()) {
                        offenders.add(rs.getString(1));
                    }
                }
                passed &= offenders.isEmpty();
                checks.addObject().put("name", check[0]).put("status", offenders.isEmpty() ? "passed" : "failed")
                        .put("detail", offenders.isEmpty() ? "" : offenders.size() + " offending rows, first ids " + offenders.subList(0,
                                Math.min(3, offenders.size())));
            }
            done.put("status", passed ? "passed" : "failed");
        } catch (SQLException failed) {
            done.put("status", "error").put("message", "cannot check the catalog: " + failed.getMessage());
        }
        states.put(id, done);
    }

    private static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        runs.shutdownNow();
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
