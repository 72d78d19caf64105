/**
 * The shop's calls and the contract's failure rule for {@code java.net.http}: the one HTTP client
 * that three style modules share (futures, rxjava, and loom's two styles). It is an adapter of that
 * client, not part of the model every style reads, so it has a package of its own; it lives in
 * rosetta-model only because every style module depends on rosetta-model (the one other shared
 * module a style uses, rosetta-broker-client, is for the broker path only), and three copies of it
 * would drift apart. A style on another client (Jetty, Reactor Netty, Vert.x) never
 * imports it.
 */
package dev.asyncrosetta.model.jdkhttp;
