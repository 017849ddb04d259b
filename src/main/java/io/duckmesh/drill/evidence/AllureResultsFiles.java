package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.FailureCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files Allure reads beside the results: environment.properties (what was drilled, with what),
 * executor.json (the CI build that ran it, from the usual CI variables) and categories.json (how
 * failures are sorted, by {@link FailureCategory}).
 */
public final class AllureResultsFiles {

    private final Path resultsDir;

    public AllureResultsFiles(Path resultsDir) {
        this.resultsDir = resultsDir;
    }

    public void write(Map<String, String> environment, Map<String, String> ciVariables) {
        try {
            Files.createDirectories(resultsDir);
            try (Writer out = Files.newBufferedWriter(resultsDir.resolve("environment.properties"), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> entry : environment.entrySet()) {
                    out.write(escape(entry.getKey()).replace(" ", "\\ ") + " = " + escape(entry.getValue()) + "\n");
                }
            }
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.writeValue(resultsDir.resolve("executor.json").toFile(), executor(ciVariables));
            json.writeValue(resultsDir.resolve("categories.json").toFile(), FailureCategory.allureCategories());
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot write Allure's environment, executor and categories into " + resultsDir
                    + "; check allure.results.directory", cannotWrite);
        }
    }

    /**
     * Copies the previous drill's report history (reports/allure-history, kept by make drill) into
     * the results, so the report shows trends of outcome and duration across drills.
     */
    public int carryHistory(Path historyDir) {
        if (!Files.isDirectory(historyDir)) {
            return 0;
        }
        try (var files = Files.list(historyDir)) {
            Path target = Files.createDirectories(resultsDir.resolve("history"));
            int copied = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copied++;
            }
            return copied;
        } catch (IOException cannotCopy) {
            throw new UncheckedIOException("Cannot copy the report history " + historyDir + " into " + resultsDir, cannotCopy);
        }
    }

    /** GitHub Actions, GitLab CI or Jenkins, from their own variables; else a local run. */
    static Map<String, Object> executor(Map<String, String> env) {
        Map<String, Object> executor = new LinkedHashMap<>();
        if (env.containsKey("GITHUB_RUN_ID")) {
            String run = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.getOrDefault("GITHUB_REPOSITORY", "")
                    + "/actions/runs/" + env.get("GITHUB_RUN_ID");
            executor.put("name", "GitHub Actions");
            executor.put("type", "github");
            executor.put("buildName", env.getOrDefault("GITHUB_WORKFLOW", "restore drill") + " #" + env.getOrDefault("GITHUB_RUN_NUMBER", ""));
            executor.put("buildUrl", run);
            executor.put("reportUrl", run);
        } else if (env.containsKey("GITLAB_CI")) {
            executor.put("name", "GitLab CI");
            executor.put("type", "gitlab");
            executor.put("buildName", env.getOrDefault("CI_JOB_NAME", "restore drill") + " #" + env.getOrDefault("CI_JOB_ID", ""));
            executor.put("buildUrl", env.getOrDefault("CI_JOB_URL", ""));
        } else if (env.containsKey("JENKINS_URL")) {
            executor.put("name", "Jenkins");
            executor.put("type", "jenkins");
            executor.put("buildName", env.getOrDefault("JOB_NAME", "restore drill") + " #" + env.getOrDefault("BUILD_NUMBER", ""));
            executor.put("buildUrl", env.getOrDefault("BUILD_URL", ""));
        } else {
            executor.put("name", env.containsKey("CI") ? "CI" : "local run");
            executor.put("type", env.containsKey("CI") ? "ci" : "local");
            executor.put("buildName", "restore drill on " + env.getOrDefault("HOSTNAME", "this machine"));
        }
        return executor;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
    }
}
