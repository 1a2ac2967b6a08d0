package io.kaskade.trigger.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A request's headers, looked up case-insensitively (HTTP/2 lower-cases them; forges document them capitalised). */
public final class WebhookHeaders {

    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public WebhookHeaders(Map<String, String> headers) {
        this.headers.putAll(headers);
    }

    public Optional<String> get(String name) {
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The first of {@code names} that is present. */
    public Optional<String> first(String... names) {
        for (String name : names) {
            Optional<String> value = get(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }
}
