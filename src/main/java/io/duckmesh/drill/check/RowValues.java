package io.duckmesh.drill.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.inspect.QueryRows;
import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * drill.evidence.values: what a differing row shows of the catalog's data before it reaches a finding,
 * an attachment, the summary or the console. {@code show}: every value. {@code hash}: each value as a
 * short HMAC-SHA256 under a key drawn for this run alone (equal values hash alike on both sides, so the
 * differing column stands out, and nothing can be looked up across runs). {@code hide}: the column
 * names and the row's key only.
 */
public final class RowValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row of a table without a primary key: "3 x {...}", how many times it occurs and the row. */
    private static final Pattern COUNTED = Pattern.compile("^(\\d+ x )(.*)$", Pattern.DOTALL);

    private final String level;
    private final byte[] key = new byte[32];

    public RowValues(String level) {
        if (!level.equals("show") && !level.equals("hash") && !level.equals("hide")) {
            throw new IllegalArgumentException("drill.evidence.values=" + level + " is not show, hash or hide");
        }
        this.level = level;
        new SecureRandom().nextBytes(key);
    }

    public boolean shows() {
        return level.equals("show");
    }

    /** The difference as drill.evidence.values lets it be shown: its kind, key and differing columns always. */
    public RowDiff apply(RowDiff diff) {
        return shows() ? diff : new RowDiff(diff.kind(), diff.key(), row(diff.source()), row(diff.restored()), diff.columns());
    }

    /** A query's row as QueryRows renders it ("column=value, ..."), each value hashed or hidden. */
    public String cells(QueryRows.Row row) {
        return shows() ? row.text() : row.text(this::value);
    }

    /** A row as RowDiffer renders it (its jsonb text, perhaps counted; "(no row)"), its values hashed or hidden. */
    String row(String text) {
        Matcher counted = COUNTED.matcher(text);
        String prefix = counted.matches() ? counted.group(1) : "";
        String row = counted.matches() ? counted.group(2) : text;
        JsonNode parsed;
        try {
            parsed = JSON.readTree(row);
        } catch (JsonProcessingException notJson) {
            return prefix + (row.startsWith("(") && row.endsWith(")") ? row : value(row));
        }
        if (!(parsed instanceof ObjectNode columns)) {
            return prefix + (parsed == null ? row : value(parsed.toString()));
        }
        ObjectNode shown = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = columns.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            shown.put(field.getKey(), value(field.getValue().toString()));
        }
        return prefix + shown;
    }

    private String value(String text) {
        if (level.equals("hide")) {
            return "(hidden)";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "#" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK, and drill.evidence.values=hash needs it",
                    unavailable);
        }
    }
}
