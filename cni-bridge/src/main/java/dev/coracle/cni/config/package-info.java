/**
 * Network configs: the conf dir read as libcni reads it ({@link dev.coracle.cni.config.ConfigLoader}),
 * plugin binaries in the bin dirs ({@link dev.coracle.cni.config.PluginPaths}), the default
 * network kept current as both change ({@link dev.coracle.cni.config.ConfDirWatcher}), and the
 * built-in network for a node with no config ({@link dev.coracle.cni.config.DefaultNetwork}).
 *
 * <p>Choices where the spec leaves room:
 *
 * <ul>
 *   <li>Spec versions 0.4.0, 1.0.0 and 1.1.0 are spoken; 0.3.0 and 0.3.1 lists are read as 0.4.0
 *       (same config and result formats); older ones are refused. With a 1.1 {@code cniVersions}
 *       list the highest supported version wins, newer ones skipped.
 *   <li>The default network is the first usable config in lexical order of file name across
 *       {@code .conflist}, {@code .conf} and {@code .json}. When its plugins (or its IPAM plugin)
 *       are missing there is no network, with the reason, rather than the next config: pods do
 *       not move to another network while a plugin is being installed or upgraded.
 *   <li>Network names follow the spec's rule (the container ID alphabet); plugin types must be
 *       file names, as they name binaries.
 *   <li>Not supported: libcni 1.3's {@code loadPluginsFromFolder} (plugin configs in a subdir
 *       named after the network); such a list is used with its inline plugins only.
 * </ul>
 */
package dev.coracle.cni.config;
