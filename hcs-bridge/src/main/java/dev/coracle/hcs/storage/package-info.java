/**
 * Windows container layers and per-container scratch layers through vmcompute's graph-driver
 * calls (WINDOWS.md §1.5, §3).
 */
package dev.coracle.hcs.storage;
