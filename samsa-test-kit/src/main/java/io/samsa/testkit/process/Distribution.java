package io.samsa.testkit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Samsa distribution a process harness runs: the repository's {@code bin/} scripts over the jar and
 * {@code lib/} that {@code mvn package} of samsa-server leaves in {@code samsa-server/target}. Found from the
 * {@code samsa.home} system property (samsa-it's failsafe sets it), else from the working directory or its parent.
 * Refuses to go on when the distribution is not built, because the scripts would then run Maven themselves.
 * A value; immutable.
 *
 * @param home the repository root
 */
public record Distribution(Path home) {
    /** Finds the distribution; throws with what to do when it is missing or not built. */
    public static Distribution locate() {
        String configured = System.getProperty("samsa.home");
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path home = configured != null ? Path.of(configured)
                : Files.isRegularFile(cwd.resolve("bin/samsa-server")) ? cwd : cwd.getParent();
        home = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("bin/samsa-server"))) {
            throw new IllegalStateException("no bin/samsa-server under " + home + "; set -Dsamsa.home");
        }
        Distribution d = new Distribution(home);
        d.checkBuilt();
        return d;
    }

    private void checkBuilt() {
        Path target = home.resolve("samsa-server/target");
        boolean hasJar;
        try (var files = Files.list(target)) {
            hasJar = files.anyMatch(f -> f.getFileName().toString().matches("samsa-server-.*\\.jar"));
        } catch (IOException e) {
            hasJar = false;
        }
        if (!hasJar || !Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException("the distribution is not built: run `mvn -B package -DskipTests -pl "
                    + "samsa-server -am` (or verify) in " + home + " so samsa-server/target holds the jar and lib/");
        }
    }

    /** A script under {@code bin/}. */
    public Path script(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** A file under {@code config/}. */
    public Path config(String name) {
        return home.resolve("config").resolve(name);
    }
}
