package io.kaskade.core.gocompat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Formats a time with a Go reference-time layout ({@code Mon Jan 2 15:04:05 MST 2006}), because
 * {@code skaffold.yaml}'s {@code dateTime.format} is one and must mean the same here.
 *
 * <p>Supported elements, as in Go's {@code time.Format}: {@code 2006 06 January Jan 01 1 Monday Mon
 * 02 _2 2 002 15 03 3 04 4 05 5 PM pm MST -070000 -07:00:00 -0700 -07:00 -07 Z070000 Z07:00:00
 * Z0700 Z07:00 Z07}, and fractional seconds {@code .000}/{@code ,000} (fixed width) and
 * {@code .999}/{@code ,999} (trailing zeros dropped, dot too when all are zero). Everything else is
 * copied as is.
 */
public final class GoTimeLayout {

    private GoTimeLayout() {}

    public static String format(ZonedDateTime time, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int consumed = element(time, layout, i, out);
            if (consumed == 0) {
                out.append(layout.charAt(i));
                i++;
            } else {
                i += consumed;
            }
        }
        return out.toString();
    }

    /** Appends the element starting at {@code i}, if any, and returns its length in the layout (0 when none). */
    private static int element(ZonedDateTime t, String layout, int i, StringBuilder out) {
        String rest = layout.substring(i);
        // Longest elements first, mirroring Go's chunk order.
        if (rest.startsWith("January")) {
            out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            return 7;
        }
        if (rest.startsWith("Jan") && !startsWithLowerCase(rest.substring(3))) {
            out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            return 3;
        }
        if (rest.startsWith("Monday")) {
            out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            return 6;
        }
        if (rest.startsWith("Mon") && !startsWithLowerCase(rest.substring(3))) {
            out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            return 3;
        }
        if (rest.startsWith("MST")) {
            out.append(zoneAbbreviation(t));
            return 3;
        }
        if (rest.startsWith("2006")) {
            out.append(String.format("%04d", t.getYear()));
            return 4;
        }
        if (rest.startsWith("002")) {
            out.append(String.format("%03d", t.getDayOfYear()));
            return 3;
        }
        if (rest.startsWith("01")) {
            out.append(String.format("%02d", t.getMonthValue()));
            return 2;
        }
        if (rest.startsWith("02")) {
            out.append(String.format("%02d", t.getDayOfMonth()));
            return 2;
        }
        if (rest.startsWith("03")) {
            out.append(String.format("%02d", hour12(t)));
            return 2;
        }
        if (rest.startsWith("04")) {
            out.append(String.format("%02d", t.getMinute()));
            return 2;
        }
        if (rest.startsWith("05")) {
            out.append(String.format("%02d", t.getSecond()));
            return 2;
        }
        if (rest.startsWith("06")) {
            out.append(String.format("%02d", t.getYear() % 100));
            return 2;
        }
        if (rest.startsWith("15")) {
            out.append(String.format("%02d", t.getHour()));
            return 2;
        }
        if (rest.startsWith("_2")) {
            out.append(String.format("%2d", t.getDayOfMonth()));
            return 2;
        }
        if (rest.startsWith("1")) {
            out.append(t.getMonthValue());
            return 1;
        }
        if (rest.startsWith("2")) {
            out.append(t.getDayOfMonth());
            return 1;
        }
        if (rest.startsWith("3")) {
            out.append(hour12(t));
            return 1;
        }
        if (rest.startsWith("4")) {
            out.append(t.getMinute());
            return 1;
        }
        if (rest.startsWith("5")) {
            out.append(t.getSecond());
            return 1;
        }
        if (rest.startsWith("PM")) {
            out.append(t.getHour() >= 12 ? "PM" : "AM");
            return 2;
        }
        if (rest.startsWith("pm")) {
            out.append(t.getHour() >= 12 ? "pm" : "am");
            return 2;
        }
        for (String zone : new String[] {
            "Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07", "-070000", "-07:00:00", "-0700", "-07:00", "-07"
        }) {
            if (rest.startsWith(zone)) {
                out.append(offset(t, zone));
                return zone.length();
            }
        }
        if ((rest.startsWith(".") || rest.startsWith(","))
                && rest.length() > 1
                && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
            char digit = rest.charAt(1);
            int n = 1;
            while (n < rest.length() && rest.charAt(n) == digit) {
                n++;
            }
            // Go treats it as a fraction only when no further digit follows the run.
            if (n < rest.length() && Character.isDigit(rest.charAt(n))) {
                return 0;
            }
            int digits = Math.min(n - 1, 9);
            String fraction = String.format("%09d", t.getNano()).substring(0, digits);
            if (digit == '9') {
                fraction = fraction.replaceAll("0+$", "");
                if (!fraction.isEmpty()) {
                    out.append(rest.charAt(0)).append(fraction);
                }
            } else {
                out.append(rest.charAt(0)).append(fraction);
            }
            return n;
        }
        return 0;
    }

    /** Go does not read "Jan" in "Janet" or "Mon" in "Month" as elements. */
    private static boolean startsWithLowerCase(String s) {
        return !s.isEmpty() && s.charAt(0) >= 'a' && s.charAt(0) <= 'z';
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        String id = t.getZone().getId();
        if (id.equals("Z")
                || id.equals("UTC")
                || id.equals("Etc/UTC")
                || id.equals("GMT") && t.getOffset().getTotalSeconds() == 0) {
            return id.equals("GMT") ? "GMT" : "UTC";
        }
        String name = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
        if (name.startsWith("GMT") && name.length() > 3 || name.contains("/")) {
            // Go prints the numeric offset when the zone has no abbreviation, e.g. "+03" or "+0530".
            int seconds = t.getOffset().getTotalSeconds();
            String sign = seconds < 0 ? "-" : "+";
            int abs = Math.abs(seconds);
            int hours = abs / 3600;
            int minutes = abs % 3600 / 60;
            return sign + String.format("%02d", hours) + (minutes == 0 ? "" : String.format("%02d", minutes));
        }
        return name;
    }

    private static String offset(ZonedDateTime t, String layout) {
        int seconds = t.getOffset().getTotalSeconds();
        if (seconds == 0 && layout.startsWith("Z")) {
            return "Z";
        }
        String sign = seconds < 0 ? "-" : "+";
        int abs = Math.abs(seconds);
        String hh = String.format("%02d", abs / 3600);
        String mm = String.format("%02d", abs % 3600 / 60);
        String ss = String.format("%02d", abs % 60);
        String body = layout.substring(1);
        return switch (body) {
            case "070000" -> sign + hh + mm + ss;
            case "07:00:00" -> sign + hh + ":" + mm + ":" + ss;
            case "0700" -> sign + hh + mm;
            case "07:00" -> sign + hh + ":" + mm;
            default -> sign + hh;
        };
    }
}
