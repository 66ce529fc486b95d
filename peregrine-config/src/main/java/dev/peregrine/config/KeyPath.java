package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A key in Falco's syntax: names joined by dots, each followed by any number of {@code [index]}, e.g.
 * {@code webserver.listen_port}, {@code plugins[0].name}. A backslash makes the next {@code . [ ] \} part of the
 * name ({@code annotations.kubernetes\.io/role}). Only when setting, {@code []} appends to a sequence
 * ({@code -o rules_files[]=x}, {@code -o rules[].disable.tag=t}).
 */
public record KeyPath(String text, List<Step> steps) {

    /** One step down the document; {@code upTo} is the key text that reaches the node the step leads to. */
    public sealed interface Step permits Name, Index, Append {
        String upTo();
    }

    public record Name(String name, String upTo) implements Step {
    }

    public record Index(int index, String upTo) implements Step {
    }

    public record Append(String upTo) implements Step {
    }

    /** A key to read: {@code []} is refused. */
    public static KeyPath of(String key) {
        return parse(key, false);
    }

    /** A key to set: {@code []} appends. */
    public static KeyPath forSetting(String key) {
        return parse(key, true);
    }

    private static KeyPath parse(String key, boolean appendAllowed) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = key.length();
        if (n == 0) {
            throw error(key, "empty key");
        }
        while (true) {
            StringBuilder name = new StringBuilder();
            while (i < n && key.charAt(i) != '.' && key.charAt(i) != '[') {
                char c = key.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= n) {
                        throw error(key, "trailing backslash at pos " + i);
                    }
                    char next = key.charAt(i + 1);
                    if (next != '.' && next != '[' && next != ']' && next != '\\') {
                        throw error(key, "invalid escape sequence '\\" + next + "' at pos " + i);
                    }
                    name.append(next);
                    i += 2;
                } else { // a ']' outside brackets is an ordinary character, as in Falco
                    name.append(c);
                    i++;
                }
            }
            if (name.isEmpty()) {
                throw error(key, "expected a name at pos " + i);
            }
            steps.add(new Name(name.toString(), key.substring(0, i)));
            while (i < n && key.charAt(i) == '[') {
                int close = key.indexOf(']', i);
                if (close < 0) {
                    throw error(key, "missing ']' after pos " + i);
                }
                String digits = key.substring(i + 1, close);
                String upTo = key.substring(0, close + 1);
                if (digits.isEmpty() && appendAllowed) {
                    steps.add(new Append(upTo));
                } else if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)) {
                    steps.add(new Index(Integer.parseInt(digits), upTo));
                } else {
                    throw error(key, "expected a numeric index, found '" + digits + "'");
                }
                i = close + 1;
            }
            if (i == n) {
                return new KeyPath(key, List.copyOf(steps));
            }
            if (key.charAt(i) != '.') {
                throw error(key, "expected '.' character at pos " + i);
            }
            i++;
            if (i == n) {
                throw error(key, "expected a name after the '.' at pos " + (i - 1));
            }
        }
    }

    private static ConfigException error(String key, String problem) {
        return new ConfigException("Config error at key \"" + key + "\": Parsing error: " + problem);
    }

    @Override
    public String toString() {
        return text;
    }
}
