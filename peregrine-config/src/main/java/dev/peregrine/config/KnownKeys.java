package dev.peregrine.config;

import java.util.Map;
import java.util.Set;

/**
 * The top-level keys of falco.yaml: current Falco's, those older releases read (rules_file, grpc, grpc_output,
 * outputs, container_engines) and Peregrine's own (kafka_output). Anything else is most likely a typo, reported
 * with the file and line and, when one is close, the key that was probably meant.
 */
final class KnownKeys {
    static final Set<String> TOP_LEVEL = Set.of(
            "config_files", "watch_config_files", "rules_files", "rules_file", "rules", "engine", "capture",
            "load_plugins", "plugins", "plugins_hostinfo", "priority", "json_output", "json_include_output_property",
            "json_include_message_property", "json_include_output_fields_property", "json_include_tags_property",
            "buffered_outputs", "rule_matching", "outputs_queue", "outputs", "append_output", "static_fields",
            "stdout_output", "syslog_output", "file_output", "http_output", "program_output", "grpc_output", "grpc",
            "kafka_output", "webserver", "log_stderr", "log_syslog", "log_level", "libs_logger", "output_timeout",
            "syscall_event_timeouts", "syscall_event_drops", "metrics", "base_syscalls", "falco_libs",
            "time_format_iso_8601", "buffer_format_base64", "config_json_schema", "container_engines");

    private KnownKeys() {
    }

    /** @throws ConfigException for the first unknown top-level key, in file order */
    static void check(ConfigTree tree) {
        for (Map.Entry<String, ConfigNode> e : tree.root().entries().entrySet()) {
            String key = e.getKey();
            if (!TOP_LEVEL.contains(key)) {
                String hint = closest(key);
                throw ConfigException.at(e.getValue().origin(), key, "unknown configuration key"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
            }
        }
    }

    private static String closest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String k : TOP_LEVEL) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** Levenshtein distance, small strings only. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
