package dev.coracle.core.image.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.coracle.core.image.ref.Digest;
import java.util.List;
import java.util.Map;

/**
 * An image configuration (OCI config or Docker container image v1): what a container of the
 * image runs by default and which uncompressed layers make its root filesystem. An absent
 * {@code config} object reads as an empty {@link RunConfig}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
    String architecture,
    String os,
    String variant,
    @JsonProperty("os.version") String osVersion,
    String created,
    String author,
    RunConfig config,
    RootFs rootfs,
    List<History> history) {

  public ImageConfig {
    config = config == null ? new RunConfig(null, null, null, null, null, null, null, null, null) : config;
    history = Absent.orEmpty(history);
  }

  /** The defaults a container of this image runs with, named as Docker spells them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunConfig(
      @JsonProperty("User") String user,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
      @JsonProperty("Volumes") Map<String, Object> volumes,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal) {

    public RunConfig {
      env = Absent.orEmpty(env);
      entrypoint = Absent.orEmpty(entrypoint);
      cmd = Absent.orEmpty(cmd);
      exposedPorts = Absent.orEmpty(exposedPorts);
      volumes = Absent.orEmpty(volumes);
      labels = Absent.orEmpty(labels);
    }
  }

  /** The uncompressed digests (DiffIDs) of the layers, bottom first. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RootFs(
      String type,
      @JsonProperty("diff_ids")
      @JsonInclude(JsonInclude.Include.ALWAYS) // required, even when empty
      @JsonDeserialize(contentUsing = DigestJson.class)
      @JsonSerialize(contentUsing = ToStringSerializer.class)
      List<Digest> diffIds) {

    public RootFs {
      diffIds = Absent.orEmpty(diffIds);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record History(
      String created,
      @JsonProperty("created_by") String createdBy,
      String comment,
      @JsonProperty("empty_layer") boolean emptyLayer) {}
}
