/**
 * The Windows backend: JNA bindings to the Host Compute Service, HCS schema v2 documents, process
 * and Hyper-V isolation, and the host/image OS build rule.
 *
 * <p>Its contents arrive with the Windows work; until then the module holds only this description
 * so the reactor has its final shape.
 */
package dev.coracle.hcs;
