package io.kaskade.model.tag;

import io.kaskade.core.gocompat.GoTimeLayout;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Skaffold's {@code dateTime} tagger: tags with the current time in a Go layout
 * ({@link GoTimeLayout}), by default {@value #DEFAULT_FORMAT}, in {@code timezone} (an IANA name such as
 * {@code UTC} or {@code Europe/Berlin}; default {@code Local}, the zone of the machine computing the tag).
 */
public final class DateTimeTagger implements Tagger {

    public static final String DEFAULT_FORMAT = "2006-01-02_15-04-05.999_MST";

    private final String format;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param format a Go time layout; null or empty means {@value #DEFAULT_FORMAT}
     * @param timezone an IANA zone name or {@code Local}; null or empty means {@code Local}
     * @param clock where "now" comes from
     * @throws TagException for an unknown time zone
     */
    public DateTimeTagger(String format, String timezone, Clock clock) {
        this.format = format == null || format.isEmpty() ? DEFAULT_FORMAT : format;
        this.zone = zone(timezone);
        this.clock = clock;
    }

    public DateTimeTagger(String format, String timezone) {
        this(format, timezone, Clock.systemUTC());
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isEmpty() || timezone.equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new TagException("dateTime tagger: bad timezone provided: \"" + timezone + "\"", e);
        }
    }

    @Override
    public String generateTag(TagInput input) {
        return GoTimeLayout.format(clock.instant().atZone(zone), format);
    }

    @Override
    public String toString() {
        return "dateTime(format='" + format + "', timezone=" + zone + ")";
    }
}
