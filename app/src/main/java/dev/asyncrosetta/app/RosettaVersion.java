package dev.asyncrosetta.app;

import picocli.CommandLine.IVersionProvider;

/** The version the jar's manifest carries; a build run from classes has none. */
final class RosettaVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Rosetta.class.getPackage().getImplementationVersion();
        return new String[] {
            "rosetta " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
