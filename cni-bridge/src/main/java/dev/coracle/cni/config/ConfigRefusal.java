package dev.coracle.cni.config;

import java.nio.file.Path;

/** A file in the conf dir that is not used, and why (the message names the file). */
record ConfigRefusal(Path file, String message) {}
