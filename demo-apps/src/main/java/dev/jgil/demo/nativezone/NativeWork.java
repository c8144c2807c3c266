package dev.jgil.demo.nativezone;

/**
 * The designated code ("Python"): hashes {@code count} buffers, each through either the release zone
 * or the GIL-holding twin, and folds the digests so nothing is dead code.
 */
public final class NativeWork {
    private NativeWork() {
    }

    public static int hashReleased(byte[] buf, int len, int count) {
        int acc = 0;
        for (int i = 0; i < count; i++) acc += ReleasedHash.sha256(buf, len)[0];
        return acc;
    }

    public static int hashHeld(byte[] buf, int len, int count) {
        int acc = 0;
        for (int i = 0; i < count; i++) acc += HeldHash.sha256(buf, len)[0];
        return acc;
    }
}
