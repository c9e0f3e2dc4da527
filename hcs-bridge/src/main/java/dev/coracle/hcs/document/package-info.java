/**
 * Builders of HCS and HCN documents from neutral inputs: the backend translates CRI into the input
 * records here, and these classes apply the rules of WINDOWS.md (paths, resources, command lines,
 * signals, gMSA, namespaces, stats) so that each rule lives in one place and is checked against
 * golden documents. Pure Java: nothing here calls Windows.
 */
package dev.coracle.hcs.document;
