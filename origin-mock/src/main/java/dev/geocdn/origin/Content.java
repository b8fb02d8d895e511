package dev.geocdn.origin;

/**
 * What a route produced, before the request's {@link ResponseControls}, conditional headers and
 * Range are applied by {@link ResponseWriter}.
 *
 * @param status       the status the route would answer with
 * @param body         the full representation
 * @param contentType  the default Content-Type ({@code ct=} overrides it)
 * @param rangeable    whether Range requests are honoured (objects and files)
 * @param cacheControl the default Cache-Control, or {@code null}
 * @param etag         the default ETag, or {@code null}
 * @param lastModified the default Last-Modified, or {@code null}
 */
record Content(int status, Body body, String contentType, boolean rangeable,
               String cacheControl, String etag, String lastModified) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";

    static Content of(Body body, String contentType) {
        return new Content(200, body, contentType, false, null, null, null);
    }

    static Content text(int status, String text) {
        return new Content(status, Body.text(text), TEXT, false, null, null, null);
    }

    static Content json(String json) {
        return of(Body.text(json), JSON);
    }

    Content asRangeable() {
        return new Content(status, body, contentType, true, cacheControl, etag, lastModified);
    }

    Content withCacheControl(String value) {
        return new Content(status, body, contentType, rangeable, value, etag, lastModified);
    }

    Content withValidators(String newEtag, String newLastModified) {
        return new Content(status, body, contentType, rangeable, cacheControl, newEtag, newLastModified);
    }
}
