package io.plumbline.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = PlumblineCommand.class.getPackage().getImplementationVersion();
    return new String[] {"plumbline " + (version == null ? "(development build)" : version)};
  }
}
