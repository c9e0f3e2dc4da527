/**
 * The CNI exec protocol: {@link dev.coracle.cni.exec.CniClient} runs a network's plugins for
 * ADD, DEL, CHECK, STATUS and GC with the attachment's {@link dev.coracle.cni.exec.PodRuntimeConf};
 * {@link dev.coracle.cni.exec.CniResult} is a result of any spec version from 0.3.0 to 1.1.0;
 * {@link dev.coracle.cni.exec.ResultCache} keeps each ADD on disk for DEL, CHECK and GC.
 *
 * <p>Plugins run through {@link dev.coracle.cni.exec.PluginExec}, child processes unless a
 * test says otherwise.
 */
package dev.coracle.cni.exec;
