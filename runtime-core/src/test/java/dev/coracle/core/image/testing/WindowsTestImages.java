package dev.coracle.core.image.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coracle.core.image.Compression;
import dev.coracle.core.image.ref.Digest;
import dev.coracle.core.image.testing.TestImages.LayerSpec;
import dev.coracle.core.image.testing.TestImages.PushedImage;
import dev.coracle.core.image.testing.TestImages.Pushed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Windows-shaped images for a Windows node simulated on Linux, pushed to a {@link
 * TestRegistry}. Their layers are laid out as Windows layer tars are (WINDOWS.md §3): a base
 * layer with {@code Files/Windows/System32/cmd.exe}, {@code Hives/} and a utility VM's boot
 * files under {@code UtilityVM/Files/}, and a delta layer with {@code Files/app/}; a few
 * entries carry {@code MSWINDOWS.fileattr}. The bytes are placeholders: nothing here runs, the
 * simulated host only reads command lines. Configs say {@code os: windows}, their {@code
 * os.version} and {@code ArgsEscaped: true}, with the {@code Cmd} one whole command line
 * (WINDOWS.md §2c).
 */
public final class WindowsTestImages {

  /** Windows Server 2022's build. */
  public static final int LTSC2022 = 20348;
  /** Windows Server 2019's build: process isolation on a 2022 host refuses it (WINDOWS.md §5). */
  public static final int LTSC2019 = 17763;
  /** What the servercore images' {@code Cmd} prints on the simulated host. */
  public static final String GREETING = "hello-from-windows";
  /** The file the delta layer adds, as a container sees it. */
  public static final String APP_FILE = "Files/app/greeting.txt";

  private static final int FILE_ATTRIBUTE_READONLY = 0x1;
  private static final int FILE_ATTRIBUTE_HIDDEN = 0x2;
  private static final int FILE_ATTRIBUTE_SYSTEM = 0x4;
  private static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;
  private static final int FILE_ATTRIBUTE_ARCHIVE = 0x20;
  private static final String FILEATTR = "MSWINDOWS.fileattr";
  private static final String PATH = "PATH=C:\\Windows\\system32;C:\\Windows";

  private final TestImages images;

  public WindowsTestImages(TestRegistry registry) {
    this.images = new TestImages(registry);
  }

  /** {@code 10.0.BUILD.1}: the full os.version an image of {@code build} says. */
  public static String osVersion(int build) {
    return "10.0." + build + ".1";
  }

  /**
   * An OCI index of linux/amd64 (busybox's {@code /arch}, deliberately first) and windows/amd64
   * of {@code build}: base plus delta, {@code Cmd ["cmd /c echo hello-from-windows"]}. The
   * summary fields are the Windows child's, which a Windows host must pick; the children are
   * also tagged {@code TAG-linux} and {@code TAG-windows}.
   */
  public PushedImage servercore(String repository, String tag, int build) {
    Pushed linux = images.pushImage(repository, tag + "-linux", MediaTypes.OCI, Platform.AMD64, linuxConfig(),
        List.of(new LayerSpec(new LayerTar().file("arch", 0644, "linux/amd64\n"), Compression.GZIP,
            Deflater.DEFAULT_COMPRESSION, "/arch")));
    Pushed windows = images.pushImage(repository, tag + "-windows", MediaTypes.OCI, Platform.windows(osVersion(build)),
        windowsConfig(List.of("cmd /c echo " + GREETING)), List.of(
            new LayerSpec(baseLayer(build), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "Apply image " + build),
            new LayerSpec(deltaLayer(), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "COPY greeting.txt")));
    byte[] index = ImageJson.index(MediaTypes.OCI.index, List.of(linux.descriptor(), windows.descriptor()));
    Digest digest = images.pusher().pushManifest(repository, tag, MediaTypes.OCI.index, index);
    Map<String, PushedImage> children = new LinkedHashMap<>();
    children.put(linux.platform().toString(), linux.image());
    children.put(windows.platform().toString(), windows.image());
    PushedImage child = windows.image();
    return new PushedImage(images.reference(repository, tag), repository, tag, digest, MediaTypes.OCI.index,
        child.configDigest(), child.layerDigests(), child.diffIds(), child.compressedSize(), children);
  }

  /**
   * A pause image of {@code build}: one base layer, a single manifest (not platform-checked at
   * pull, as containerd does), a {@code Cmd} that runs until stopped.
   */
  public PushedImage pause(String repository, String tag, int build) {
    return images.pushImage(repository, tag, MediaTypes.OCI, Platform.windows(osVersion(build)),
        windowsConfig(List.of("cmd /c pause-until-stopped")), List.of(
            new LayerSpec(baseLayer(build), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "Apply image " + build)))
        .image();
  }

  /**
   * A single manifest of Server 2022 whose delta layer holds {@code Files/hello.txt} with
   * {@code text}: many distinct Windows images, cheaply.
   */
  public PushedImage tiny(String repository, String tag, String text) {
    LayerTar delta = new LayerTar().dir("Files", 0755).file("Files/hello.txt", 0644, text + "\r\n").dir("Hives", 0755);
    return images.pushImage(repository, tag, MediaTypes.OCI, Platform.windows(osVersion(LTSC2022)),
        windowsConfig(List.of("cmd /c type C:\\hello.txt")), List.of(
            new LayerSpec(baseLayer(LTSC2022), Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "Apply image"),
            new LayerSpec(delta, Compression.GZIP, Deflater.DEFAULT_COMPRESSION, "hello " + text))).image();
  }

  /** The whole OS, in miniature: differs per build, so images of two builds share no layer. */
  static LayerTar baseLayer(int build) {
    LayerTar tar = new LayerTar()
        .dir("Files", 0755)
        .file("Files/Windows/System32/cmd.exe", 0755, "MZ cmd.exe of build " + build + "\n")
        .file("Files/Windows/System32/config/SYSTEM", 0644, "regf SYSTEM hive\n")
        .file("Files/License.txt", 0644, "placeholder\n")
        .dir("Hives", 0755)
        .file("Hives/System_Delta", 0644, "regf delta\n")
        .file("UtilityVM/Files/EFI/Microsoft/Boot/bootmgfw.efi", 0644, "MZ boot manager\n")
        .file("UtilityVM/Files/EFI/Microsoft/Boot/BCD", 0644, "regf BCD\n");
    tar.pax("Files", FILEATTR, Integer.toString(FILE_ATTRIBUTE_DIRECTORY));
    tar.pax("Files/Windows/System32/cmd.exe", FILEATTR, Integer.toString(FILE_ATTRIBUTE_ARCHIVE));
    tar.pax("Files/Windows/System32/config/SYSTEM", FILEATTR,
        Integer.toString(FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE));
    tar.pax("Files/License.txt", FILEATTR, Integer.toString(FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE));
    return tar;
  }

  static LayerTar deltaLayer() {
    LayerTar tar = new LayerTar()
        .dir("Files", 0755)
        .dir("Files/app", 0755)
        .file(APP_FILE, 0644, GREETING + "\r\n")
        .dir("Hives", 0755);
    tar.pax("Files/app", FILEATTR, Integer.toString(FILE_ATTRIBUTE_DIRECTORY));
    tar.pax(APP_FILE, FILEATTR, Integer.toString(FILE_ATTRIBUTE_ARCHIVE));
    return tar;
  }

  private static ObjectNode windowsConfig(List<String> cmd) {
    ObjectNode run = ImageJson.JSON.createObjectNode();
    run.putArray("Env").add(PATH);
    run.putArray("Cmd").addAll(cmd.stream().map(ImageJson.JSON.getNodeFactory()::textNode).toList());
    run.put("WorkingDir", "C:\\");
    run.put("ArgsEscaped", true);
    run.putObject("Labels").put("org.coracle.test", "windows");
    return run;
  }

  private static ObjectNode linuxConfig() {
    ObjectNode run = ImageJson.JSON.createObjectNode();
    run.putArray("Cmd").add("cat").add("/arch");
    run.putObject("Labels").put("org.coracle.test", "linux-beside-windows");
    return run;
  }
}
