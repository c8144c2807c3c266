package dev.jgil.demo.nativezone;

/** The same SHA-256 as {@link ReleasedHash}, but not a release zone: it runs with the GIL held. */
public final class HeldHash {
    private HeldHash() {
    }

    public static byte[] sha256(byte[] data, int len) {
        return Sha.digest(data, len);
    }
}
