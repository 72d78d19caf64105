/**
 * The style-agnostic half of paying through the broker (docs/CONTRACT.md, "Paying through the broker"):
 * the Kafka clients with the settings the contract depends on, the record a request becomes, the
 * publishing thread that may block, and the one outcome consumer per service. What stays in each style
 * is its idiom: its registry of waiting checkouts in its own promise type, the hop from Kafka's threads
 * onto its own (C34), and its publishing adapter. Nothing here may know a style.
 */
package dev.asyncrosetta.brokerclient;
