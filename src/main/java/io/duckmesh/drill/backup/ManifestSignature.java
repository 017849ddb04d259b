package io.duckmesh.drill.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A manifest's Ed25519 signature, in {@code <manifest>.sig} beside it: who may sign a backup is whoever
 * holds the private key, not whoever can write the folder. The signature covers the manifest file's
 * exact bytes (and so every digest of the dump and globals file in it). Format: docs/manifest.md.
 */
public final class ManifestSignature {

    public static final String ALGORITHM = "Ed25519";

    /** What {@code <manifest>.sig} holds: the algorithm and the signature of the manifest's bytes (base64). */
    public record Signed(String algorithm, String signature) {
    }

    private ManifestSignature() {
    }

    public static Path fileFor(Path manifest) {
        return manifest.resolveSibling(manifest.getFileName() + ".sig");
    }

    /** Signs the manifest with {@code pem} (a PKCS#8 Ed25519 private key in PEM, as openssl genpkey writes it); returns the signature's file. */
    public static Path sign(Path manifest, String pem) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey(pem));
            signer.update(Files.readAllBytes(manifest));
            Path file = FileMode.of(manifest).createEmpty(fileFor(manifest));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(),
                    new Signed(ALGORITHM, Base64.getEncoder().encodeToString(signer.sign())));
            return file;
        } catch (GeneralSecurityException | IllegalArgumentException unusable) {
            throw new IllegalStateException("Cannot sign " + manifest + " with drill.backup.signing-secret: " + unusable.getMessage()
                    + ". It must be an Ed25519 private key in PEM, as openssl genpkey -algorithm ed25519 writes it.", unusable);
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot sign " + manifest + "; check drill.dump.dir", cannotWrite);
        }
    }

    /**
     * Why the manifest cannot be trusted with these keys, if it cannot: no signature, an unreadable one,
     * or one none of the keys made (the manifest or its signature changed after signing, or another key signed it).
     */
    public static Optional<String> problem(Path manifest, List<String> keys) {
        return problem(manifest, Manifest.bytesOf(manifest), keys);
    }

    /**
     * As {@link #problem(Path, List)}, over {@code signed}, the manifest's bytes as the caller read them once:
     * the caller parses the same bytes, so a manifest swapped after the check is never the one trusted.
     */
    public static Optional<String> problem(Path manifest, byte[] signed, List<String> keys) {
        Path file = fileFor(manifest);
        if (!Files.isRegularFile(file)) {
            return Optional.of("The manifest " + manifest + " is not signed (no " + file.getFileName() + " beside it), and"
                    + " drill.backup.public-key asks for a signed one. Take the backup with make backup and drill.backup.signing-secret"
                    + " set, or leave drill.backup.public-key empty to trust the folder.");
        }
        byte[] signature;
        try {
            Signed read = new ObjectMapper().readValue(file.toFile(), Signed.class);
            if (!ALGORITHM.equals(read.algorithm())) {
                return Optional.of("The signature " + file + " is " + read.algorithm() + ", not " + ALGORITHM + "; sign the manifest"
                        + " again with make backup.");
            }
            signature = Base64.getDecoder().decode(read.signature());
        } catch (IOException | IllegalArgumentException | NullPointerException unreadable) {
            return Optional.of("The signature " + file + " cannot be read (" + unreadable.getMessage() + "); do not trust the backup."
                    + " Restore an older one, and sign the next with make backup.");
        }
        List<String> tried = new ArrayList<>();
        for (String key : keys) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(publicKey(key));
                verifier.update(signed);
                if (verifier.verify(signature)) {
                    return Optional.empty();
                }
                tried.add(describe(key));
            } catch (GeneralSecurityException | IllegalArgumentException unusable) {
                throw new IllegalStateException("drill.backup.public-key: " + describe(key) + " is not an Ed25519 public key ("
                        + unusable.getMessage() + "); give its PEM file (openssl pkey -pubout) or its base64 X.509 encoding.", unusable);
            }
        }
        return Optional.of("The signature " + file + " was not made by any of the " + keys.size() + " keys of drill.backup.public-key ("
                + String.join(", ", tried) + "): the manifest or its signature was changed after make backup signed it, or another"
                + " key signed it. Do not trust the backup: restore an older one, find out who wrote this one, and take a new backup.");
    }

    private static String describe(String key) {
        return Files.isRegularFile(Path.of(key)) ? key : "the key " + key.substring(0, Math.min(12, key.length())) + "...";
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    }

    static PublicKey publicKey(String key) throws GeneralSecurityException {
        String text;
        try {
            text = Files.isRegularFile(Path.of(key)) ? Files.readString(Path.of(key)) : key;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the public key " + key + " (drill.backup.public-key)", unreadable);
        }
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(text, "PUBLIC KEY")));
    }

    /** The DER bytes of a PEM block of {@code type}, or of base64 text without one. */
    private static byte[] der(String text, String type) {
        String body = text.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
