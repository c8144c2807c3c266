package dev.jgil.demo.nativezone;

/**
 * SHA-256 in a release zone ({@code release=dev.jgil.demo.nativezone.ReleasedHash#*}): the GIL is
 * dropped for the whole digest, as CPython's hashlib does ({@code Py_BEGIN_ALLOW_THREADS} around
 * the OpenSSL call for buffers over 2 KiB).
 */
public final class ReleasedHash {
    private ReleasedHash() {
    }

    public static byte[] sha256(byte[] data, int len) {
        return Sha.digest(data, len);
    }
}
