package io.duckmesh.drill.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A child process to run: program, arguments and extra environment. Secrets go only into the
 * environment ({@code PGPASSWORD}); {@link #display()} shows what ran with them masked.
 */
public record Command(Path program, List<String> arguments, Map<String, Secret> secretEnvironment,
                      Map<String, String> environment) {

    public Command {
        arguments = List.copyOf(arguments);
        secretEnvironment = Map.copyOf(secretEnvironment);
        environment = Map.copyOf(environment);
    }

    public static Command of(Path program, List<String> arguments, PgEndpoint endpoint) {
        Map<String, Secret> secrets = endpoint.password().map(p -> Map.of("PGPASSWORD", p)).orElse(Map.of());
        return new Command(program, arguments, secrets, Map.of());
    }

    public Command withEnvironment(String name, String value) {
        Map<String, String> more = new TreeMap<>(environment);
        more.put(name, value);
        return new Command(program, arguments, secretEnvironment, more);
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(arguments);
        return argv;
    }

    /** The command line as a user could type it, secrets masked. */
    public String display() {
        String env = new TreeMap<>(environment).entrySet().stream()
                .map(e -> e.getKey() + "=" + quote(e.getValue()) + " ").collect(Collectors.joining());
        String secrets = new TreeMap<>(secretEnvironment).keySet().stream()
                .map(name -> name + "=**** ").collect(Collectors.joining());
        return secrets + env + argv().stream().map(Command::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
