package dev.peregrine.app;

import dev.peregrine.rules.Priority;
import dev.peregrine.rules.engine.RuleSelection;

import java.util.List;
import java.util.Set;

/** What a run needs from the configuration, after -o overrides and command-line flags are applied. */
record RunSettings(
        String configName,
        List<String> rulesFiles,
        boolean json, boolean jsonIncludeOutput, boolean jsonIncludeTags, boolean jsonIncludeMessage,
        boolean jsonIncludeOutputFields, boolean iso8601,
        Priority minPriority, boolean firstMatchOnly, boolean buffered,
        boolean stdoutEnabled,
        boolean fileEnabled, boolean fileKeepAlive, String fileName,
        boolean programEnabled, boolean programKeepAlive, String program,
        boolean logStderr, FalcoLog.Level logLevel,
        Set<DropMonitor.Action> dropActions, double dropThreshold, double dropRate, double dropMaxBurst,
        boolean simulateDrops,
        String engineKind, String captureFile,
        List<RuleSelection.Step> selection,
        String appendOutput,
        boolean watchConfigFiles,
        List<AppendOutput> appends,
        int outputsQueueCapacity,
        dev.peregrine.config.FalcoConfig config) {
}
