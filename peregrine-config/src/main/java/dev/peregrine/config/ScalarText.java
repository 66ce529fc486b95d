package dev.peregrine.config;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Reads a scalar's text as a typed value the way yaml-cpp (and so Falco) converts it; null when it does not convert.
 */
final class ScalarText {
    private ScalarText() {
    }

    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * yaml-cpp's YAML 1.1 words: y/yes/true/on and n/no/false/off, all lower, all upper or capitalised (so "True"
     * and "TRUE" but not "tRUE").
     */
    static Boolean toBoolean(String text) {
        if (!flexibleCase(text)) {
            return null;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes", "true", "on" -> Boolean.TRUE;
            case "n", "no", "false", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean flexibleCase(String s) {
        if (s.isEmpty()) {
            return true;
        }
        String rest = s.substring(1);
        boolean restLower = rest.equals(rest.toLowerCase(java.util.Locale.ROOT));
        boolean restUpper = rest.equals(rest.toUpperCase(java.util.Locale.ROOT));
        char first = s.charAt(0);
        return Character.isUpperCase(first) ? restLower || restUpper : restLower;
    }

    /**
     * An integer as a C++ stream with automatic base reads it: an optional sign, then 0x hex, a leading 0 octal or
     * decimal; trailing blanks allowed, leading ones not. Null when malformed or out of the long range.
     */
    static Long toLong(String text) {
        String t = stripTrailingBlanks(text);
        if (t.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (t.startsWith("0x", i) || t.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (t.startsWith("0", i) && t.length() > i + 1) {
            radix = 8;
            i += 1;
        }
        String digits = t.substring(i);
        int base = radix;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, base) >= 0)) {
            return null;
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) {
            value = value.negate();
        }
        return value.bitLength() < 64 ? value.longValue() : null;
    }

    /** A decimal number with an optional exponent (no hex), or YAML's .inf/-.inf/.nan spellings. */
    static Double toDouble(String text) {
        String t = stripTrailingBlanks(text);
        switch (t) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        return DECIMAL.matcher(t).matches() ? Double.parseDouble(t) : null;
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
