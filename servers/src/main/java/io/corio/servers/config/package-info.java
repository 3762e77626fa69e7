/**
 * The configuration model behind {@code bin/corio serve}: {@link io.corio.servers.config.CorioConfig} and its
 * parts, read from YAML by {@link io.corio.servers.config.ConfigLoader} with errors that name the file, line,
 * column and key. Records validate in their compact constructors; YAML keys equal record components.
 */
package io.corio.servers.config;
