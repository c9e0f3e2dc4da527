/**
 * HCS schema v2 and HCN documents as Jackson records, field names exactly as HCS spells them
 * (WINDOWS.md §2, §4, §7). Every record leaves absent and empty fields out, because older hosts and
 * the Server 2022 guest agent reject fields they do not know (WINDOWS.md §2); {@link
 * dev.coracle.hcs.schema.HcsJson} is the one mapper that writes and reads them. Optional numbers
 * and flags are boxed so that null means "not sent"; numbers that can grow large are longs.
 */
package dev.coracle.hcs.schema;
