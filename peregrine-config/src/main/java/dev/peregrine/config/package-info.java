/**
 * falco.yaml: {@link dev.peregrine.config.ConfigLoader} reads the file, merges its {@code config_files} and applies
 * {@code -o KEY=VALUE} options into a {@link dev.peregrine.config.ConfigTree} (every value keeps its file and line);
 * {@link dev.peregrine.config.FalcoConfig} reads the settings Peregrine uses, with Falco's defaults and checks.
 * Every problem is a one-line {@link dev.peregrine.config.ConfigException}.
 */
package dev.peregrine.config;
