package dev.coracle.hcs.document;

import dev.coracle.hcs.schema.ContainerCredentialGuard;
import java.util.List;

/** The inputs the golden documents are written for. */
final class Fixtures {

  static final String VOLUME = "\\\\?\\Volume{4f6c8a2e-1b3d-4e5f-9a0b-1c2d3e4f5a6b}";
  static final String NAMESPACE = "0b5e3f8a-6c7d-4e9f-a1b2-c3d4e5f6a7b8";
  static final String ENDPOINT = "e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";
  static final String ADAPTER = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
  static final String MAC = "00-15-5D-01-02-03";
  static final LayerRef TOP =
      new LayerRef("5b9e8c3a-0f6e-5d55-9f5e-2f1d3c4b5a60", "C:\\coracle\\layers\\top");
  static final LayerRef BASE =
      new LayerRef("8d1f2a4b-3c5d-5e6f-8a9b-0c1d2e3f4a5b", "C:\\coracle\\layers\\base");
  static final String CREDENTIAL_SPEC =
      "{\"CmsPlugins\":[\"ActiveDirectory\"],\"DomainJoinConfig\":{\"Sid\":\"S-1-5-21-1-2-3\","
          + "\"MachineAccountName\":\"webapp01\",\"Guid\":\"244818ae-87ca-4fcd-92ec-e79e5252348a\","
          + "\"DnsTreeName\":\"contoso.com\",\"DnsName\":\"contoso.com\",\"NetBiosName\":\"CONTOSO\"},"
          + "\"ActiveDirectoryConfig\":{\"GroupManagedServiceAccounts\":[{\"Name\":\"webapp01\","
          + "\"Scope\":\"contoso.com\"}]}}";
  static final ContainerCredentialGuard CREDENTIAL_GUARD =
      new ContainerCredentialGuard("Y29va2llLWZvci1jMQ==", "c1-rpc", "LRPC", CREDENTIAL_SPEC);

  private Fixtures() {}

  static ContainerInput process(List<MountInput> mounts, WindowsResourcesInput resources) {
    return new ContainerInput(
        "c1", "web-0", List.of(TOP, BASE), VOLUME, mounts, NAMESPACE, resources, 4, null);
  }

  static ContainerInput process(WindowsResourcesInput resources) {
    return process(List.of(), resources);
  }

  static ContainerInput withCredentialGuard(ContainerInput in, ContainerCredentialGuard guard) {
    return new ContainerInput(
        in.id(),
        in.hostname(),
        in.layers(),
        in.rootPath(),
        in.mounts(),
        in.networkNamespace(),
        in.resources(),
        in.hostCpus(),
        guard);
  }

  static String vsmb(String share) {
    return ContainerDocuments.VSMB_GUEST_ROOT + share;
  }

  static WindowsResourcesInput cpu(Long shares, Long count, Long maximum) {
    return new WindowsResourcesInput(shares, count, maximum, null);
  }
}
