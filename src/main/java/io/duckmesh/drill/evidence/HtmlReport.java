package io.duckmesh.drill.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the drill's Allure results into the single-file HTML report ({@code reports/allure-report/index.html})
 * and keeps the trend history for the next drill ({@code reports/allure-history}), in the JVM that ran the
 * stages: Allure's own generator (allure-commandline, unpacked by Maven) in a class loader of its own, once
 * (the history is read back out of the single file). The render is made in a private folder and moved into place, so the report, which carries
 * the attachments' rows, is its owner's only from the first byte whatever the umask.
 */
public final class HtmlReport {

    /** A history file inside the single-file report: d('history/history.json','<base64>'). */
    private static final Pattern HISTORY = Pattern.compile("d\\('history/([A-Za-z0-9_-]+\\.json)','([A-Za-z0-9+/=]*)'\\)");

    private final Path allureHome;

    /** @param allureHome the unpacked allure-commandline (its lib/ and plugins/), as pom.xml's allure.home */
    public HtmlReport(Path allureHome) {
        this.allureHome = allureHome;
    }

    /** make report: renders the results again. Arguments: the allure home, the results folder, the reports folder. */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: HtmlReport <allure home> <allure results> <reports folder>");
        }
        Rendered rendered = new HtmlReport(Path.of(args[0])).render(Path.of(args[1]), Path.of(args[2]));
        System.out.printf("HTML report: %s (history in %s; rendered in %.1f s)%n", rendered.report(), rendered.history(),
                rendered.took().toMillis() / 1000.0);
    }

    /** What a render made: the report, the history kept and how long it took. */
    public record Rendered(Path report, Path history, Duration took) {
    }

    /**
     * Renders {@code results} into {@code reports}/allure-report/index.html and its history into
     * {@code reports}/allure-history (replacing both).
     */
    public Rendered render(Path results, Path reports) {
        long started = System.nanoTime();
        Path staging = PrivateReports.close(reports.resolve(".rendering"));
        try (URLClassLoader allure = new URLClassLoader(classpath(), ClassLoader.getPlatformClassLoader())) {
            Path rendered = staging.resolve("allure-report");
            generate(allure, rendered, results);
            Path history = history(rendered.resolve("index.html"), Files.createDirectory(staging.resolve("allure-history")));
            Path kept = replace(history, reports.resolve("allure-history"));
            Path report = replace(rendered, reports.resolve("allure-report"));
            return new Rendered(report.resolve("index.html"), kept, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException cannotRender) {
            throw new UncheckedIOException("Cannot render the HTML report from " + results + " with " + allureHome, cannotRender);
        } finally {
            PrivateReports.delete(staging);
        }
    }

    /**
     * The trend history the single-file report carries (each {@code history/*.json} base64 inside it, as a
     * multi-file report would write it), written to {@code folder} for the next drill's results: one render, not two.
     */
    private static Path history(Path index, Path folder) throws IOException {
        Matcher entries = HISTORY.matcher(Files.readString(index, StandardCharsets.UTF_8));
        int found = 0;
        while (entries.find()) {
            Files.write(PrivateReports.createFile(folder.resolve(entries.group(1))), Base64.getDecoder().decode(entries.group(2)));
            found++;
        }
        if (found == 0) {
            throw new IllegalStateException("The report " + index + " carries no history/ data, so the next drill's trend would be lost;"
                    + " this Allure writes its single file otherwise. Pin allure.commandline.version in pom.xml to"
                    + " 2.34.1, or report this.");
        }
        return folder;
    }

    /** allure generate --single-file --clean --output {@code output} {@code results}, in {@code allure}'s loader. */
    private void generate(ClassLoader allure, Path output, Path results) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(allure);
        try {
            Class<?> commandLine = allure.loadClass("io.qameta.allure.CommandLine");
            Object command = commandLine.getConstructor(Path.class).newInstance(allureHome);
            List<String> arguments = List.of("generate", "--single-file", "--clean", "--output", output.toString(), results.toString());
            Optional<?> refused = (Optional<?>) commandLine.getMethod("parse", String[].class).invoke(command,
                    (Object) arguments.toArray(String[]::new));
            Object exit = refused.isPresent() ? refused.get() : commandLine.getMethod("run").invoke(command);
            int code = (int) exit.getClass().getMethod("getCode").invoke(exit);
            if (code != 0) {
                throw new IllegalStateException("Allure could not render the report (allure " + String.join(" ", arguments) + " exited "
                        + code + "); the raw results stay in " + results + ": run make report to try again.");
            }
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException missing) {
            throw new IllegalStateException("No Allure report generator in " + allureHome + " (" + missing + "); the build unpacks"
                    + " allure-commandline there (process-test-resources): run make report, which builds it and renders the report.",
                    missing);
        } catch (InvocationTargetException failed) {
            throw new IllegalStateException("Allure failed rendering the report from " + results + ": " + failed.getCause()
                    + "; the raw results stay there: run make report to try again.", failed.getCause());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private URL[] classpath() throws IOException {
        Path lib = allureHome.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No Allure report generator at " + allureHome + " (no lib/ folder); the build unpacks"
                    + " allure-commandline there (process-test-resources): run make report, which builds it and renders the report.");
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(url(jar));
            }
        }
        urls.add(url(lib.resolve("config")));
        return urls.toArray(URL[]::new);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Seals {@code rendered} (0700 folders, 0600 files) and moves it to {@code target}, replacing what was there. */
    private static Path replace(Path rendered, Path target) throws IOException {
        PrivateReports.seal(rendered);
        PrivateReports.delete(target);
        return Files.move(rendered, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
