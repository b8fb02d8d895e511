package dev.geocdn.health.dns.provider.route53;

import com.sun.net.httpserver.Headers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an AWS Signature Version 4 the way AWS does: rebuilds the canonical request from what
 * arrived, derives the signing key from the secret, and compares signatures. A request the
 * provider did not sign, or signed with another key, region or service, fails.
 *
 * <p>Follows "Create a signed AWS API request" (AWS IAM user guide): canonical URI encoded
 * once more for every service but S3, query parameters sorted, signed headers lower-cased with
 * trimmed values, the hex SHA-256 of the payload.
 */
final class SigV4Verifier {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    /** How AWS answers a badly signed request: an error code and message, with 403. */
    record Rejection(String code, String message) {
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;

    SigV4Verifier(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
    }

    /** Why the request is not validly signed (an AWS error code and message), or empty when it is. */
    Optional<Rejection> problem(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        String authorization = headers.getFirst("Authorization");
        String amzDate = headers.getFirst("X-Amz-Date");
        if (authorization == null || amzDate == null) {
            return Optional.of(new Rejection("MissingAuthenticationToken", "Missing Authentication Token"));
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return Optional.of(new Rejection("IncompleteSignature", "Malformed Authorization header"));
        }
        if (!m.group(1).equals(accessKeyId)) {
            return Optional.of(new Rejection("InvalidClientTokenId", "The security token included in the request is invalid."));
        }
        if (!m.group(3).equals(region) || !m.group(4).equals(service) || !amzDate.startsWith(m.group(2))) {
            return Optional.of(new Rejection("SignatureDoesNotMatch", "Credential should be scoped to a valid region/service: "
                    + m.group(3) + "/" + m.group(4)));
        }
        String signedHeaders = m.group(5);
        String canonical = String.join("\n", method, rawPath.replace("%", "%25"), canonicalQuery(rawQuery),
                canonicalHeaders(signedHeaders, headers), signedHeaders, hex(sha256(body)));
        String scope = m.group(2) + "/" + region + "/" + service + "/aws4_request";
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope, hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        for (String part : List.of(region, service, "aws4_request")) {
            key = hmac(key, part);
        }
        if (!hex(hmac(key, toSign)).equals(m.group(6))) {
            return Optional.of(new Rejection("SignatureDoesNotMatch", "The request signature we calculated does not match"));
        }
        return Optional.empty();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            pairs.add(pair.contains("=") ? pair : pair + "=");
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String canonicalHeaders(String signedHeaders, Headers headers) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.getOrDefault(name, List.of());
            out.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList()))
                    .append('\n');
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
