package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.ManifestSignature;
import io.duckmesh.drill.backup.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed manifests: make backup signs the manifest with an Ed25519 key (from a 0600 file or the
 * environment, never -D), and with drill.backup.public-key the drill verifies the signature before it
 * trusts a digest: a forged manifest (the dump changed and its digest rewritten, the signature not),
 * an unsigned one and one signed with another key are refused, each named; several keys allow rotation.
 */
@DrillServers
class SignedManifestTest {

    @TempDir
    Path work;

    private ServerPair servers;

    private Path keys;
    private String publicA;
    private Path publicAFile;
    private Path publicBFile;
    private Path signedByA;
    private Path unsigned;

    @BeforeAll
    void keysAndBackups(@TempDir Path folder) throws Exception {
        keys = Files.createDirectories(folder.resolve("keys"));
        KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair b = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateA = pem(keys.resolve("a.key"), "PRIVATE KEY", a.getPrivate().getEncoded());
        Files.setPosixFilePermissions(privateA, PosixFilePermissions.fromString("rw-------"));
        publicAFile = pem(keys.resolve("a.pub.pem"), "PUBLIC KEY", a.getPublic().getEncoded());
        publicBFile = pem(keys.resolve("b.pub.pem"), "PUBLIC KEY", b.getPublic().getEncoded());
        publicA = Base64.getEncoder().encodeToString(a.getPublic().getEncoded());
        signedByA = backup(folder.resolve("signed"), Map.of("drill.backup.signing-secret-file", privateA.toString()), Map.of());
        unsigned = backup(folder.resolve("unsigned"), Map.of(), Map.of());
    }

    @Test
    void aSignedBackupIsVerifiedAndAnotherKeyBesideItAllowsRotation() throws Exception {
        DrillOutcome one = drill("one", copy(signedByA, "one"), publicAFile.toString());
        DrillOutcome rotated = drill("rotated", copy(signedByA, "rotated"), publicBFile + "," + publicA);

        assertThatDrill(one).passedEveryStage();
        assertThatDrill(rotated).passedEveryStage();
    }

    @Test
    void aForgedManifestWhoseDigestsWereRewrittenButNotItsSignatureIsRefused() throws Exception {
        Path forged = copy(signedByA, "forged");
        try (RandomAccessFile file = new RandomAccessFile(forged.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(0x5a);
        }
        ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(Manifest.fileFor(forged).toFile());
        ((ObjectNode) manifest.path("dump").path("files").get(0)).put("sha256", Sha256.ofFile(forged));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Manifest.fileFor(forged).toFile(), manifest);

        DrillOutcome outcome = drill("forged", forged, publicAFile.toString());

        assertThatDrill(outcome).failedOnlyAt("Backup", "forged.dump.manifest.json.sig was not made by any of the 1 keys of"
                + " drill.backup.public-key (" + publicAFile + ")", "changed after make backup signed it").failedAs("backup failure", 1);
    }

    @Test
    void anUnsignedManifestAndOneSignedWithAnotherKeyAreRefusedEachNamed() throws Exception {
        DrillOutcome bare = drill("bare", copy(unsigned, "bare"), publicAFile.toString());
        DrillOutcome other = drill("other", copy(signedByA, "other"), publicBFile.toString());

        assertThatDrill(bare).failedOnlyAt("Backup", "bare.dump.manifest.json is not signed (no bare.dump.manifest.json.sig beside it)",
                "drill.backup.signing-secret");
        assertThatDrill(other).failedOnlyAt("Backup", "was not made by any of the 1 keys of drill.backup.public-key (" + publicBFile + ")");
    }

    @Test
    void theSignatureIsVerifiedOverTheBytesThatAreThenParsedNotOverASecondRead() throws Exception {
        Path manifestFile = Manifest.fileFor(copy(signedByA, "swapped"));
        byte[] signed = Manifest.bytesOf(manifestFile);
        String signedDump = Manifest.parse(manifestFile, signed).dump().files().get(0).sha256();
        ObjectNode swapped = (ObjectNode) new ObjectMapper().readTree(signed);
        ((ObjectNode) swapped.path("dump").path("files").get(0)).put("sha256", "0".repeat(64));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), swapped);

        assertThat(ManifestSignature.problem(manifestFile, signed, java.util.List.of(publicA))).isEmpty();
        assertThat(Manifest.parse(manifestFile, signed).dump().files().get(0).sha256()).isEqualTo(signedDump);
        assertThat(ManifestSignature.problem(manifestFile, java.util.List.of(publicA))).get().asString()
                .contains("was not made by any of the 1 keys");
    }

    @Test
    void theSigningKeyComesFromTheEnvironmentOrA0600FileNeverFromDashD() throws Exception {
        KeyPair c = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(c.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path open = Files.writeString(keys.resolve("open.key"), pem);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

        Path fromEnvironment = backup(work.resolve("environment"), Map.of(), Map.of("DUCKMESH_RESTORE_DRILL_BACKUP_SIGNING_SECRET", pem));
        String dashD = refusedBackup(Map.of("drill.backup.signing-secret", pem));
        String readable = refusedBackup(Map.of("drill.backup.signing-secret-file", open.toString()));

        assertThat(ManifestSignature.fileFor(Manifest.fileFor(fromEnvironment))).exists();
        assertThat(ManifestSignature.problem(Manifest.fileFor(fromEnvironment),
                java.util.List.of(Base64.getEncoder().encodeToString(c.getPublic().getEncoded())))).isEmpty();
        assertThat(dashD).contains("drill.backup.signing-secret must not be given as -Ddrill.backup.signing-secret")
                .doesNotContain("PRIVATE KEY");
        assertThat(readable).contains("drill.backup.signing-secret-file names " + open + ", which other users can read or write");
    }

    private DrillOutcome drill(String name, Path dump, String publicKeys) {
        return servers.drill(work.resolve(name), "duckmesh").with("drill.backup.file", dump.toString())
                .with("drill.backup.public-key", publicKeys).run();
    }

    private Path backup(Path folder, Map<String, String> more, Map<String, String> environment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(settings(folder, more), environment,
                Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }
    }

    private String refusedBackup(Map<String, String> more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(settings(work.resolve("refused"), more),
                Map.of(), Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isEqualTo(2);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> settings(Path folder, Map<String, String> more) {
        Map<String, String> settings = new TreeMap<>(Map.of("drill.source.url", servers.sourceUrl("duckmesh"), "drill.source.user",
                "postgres", "drill.dump.dir", folder.toString()));
        settings.putAll(more);
        return settings;
    }

    private Path copy(Path dump, String name) throws Exception {
        Path folder = Files.createDirectories(work.resolve("copies"));
        Path copy = folder.resolve(name + ".dump");
        Files.copy(dump, copy);
        Files.copy(Manifest.fileFor(dump), Manifest.fileFor(copy));
        Path signature = ManifestSignature.fileFor(Manifest.fileFor(dump));
        if (Files.exists(signature)) {
            Files.copy(signature, ManifestSignature.fileFor(Manifest.fileFor(copy)));
        }
        return copy;
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }
}
