/**
 * How {@link io.corio.servers.config.ConfigLoader} reads YAML: {@code YamlInput} composes the node tree with the
 * limits against hostile documents, {@code YamlMap} reads one mapping with typed getters and positioned errors,
 * {@code ConfigReader} and {@code ListenerReader} walk the schema, {@code Units} parses durations and sizes.
 */
package io.corio.servers.config.internal;
