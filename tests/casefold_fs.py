"""A case-blind, case-keeping passthrough disk over FUSE, as macOS's and Windows' disks are, for the
tests that need one (test_write's folds_case on a site at such a disk's root, rf47a). Needs mfusepy,
libfuse3 and /dev/fuse; run as `python casefold_fs.py BACKING MOUNTPOINT` (stays in the foreground)."""
import errno
import os
import sys

from mfusepy import FUSE, FuseOSError, Operations


class CaseBlind(Operations):
    """Each name is looked up as given, else as the entry with the same letters in any case."""
    use_ns = True

    def __init__(self, root: str):
        self.root = os.path.realpath(root)

    def _real(self, path: str) -> str:
        cur = self.root
        for part in (p for p in path.split("/") if p):
            cand = os.path.join(cur, part)
            if not os.path.lexists(cand):
                try:
                    hit = next((n for n in os.listdir(cur) if n.casefold() == part.casefold()), None)
                except OSError:
                    hit = None
                cand = os.path.join(cur, hit) if hit is not None else cand
            cur = cand
        return cur

    @staticmethod
    def _w(fn, *args):
        try:
            return fn(*args)
        except OSError as exc:
            raise FuseOSError(exc.errno) from None

    def access(self, path, mode):
        if not os.access(self._real(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        st = self._w(os.lstat, self._real(path))
        out = {k: getattr(st, k) for k in ("st_gid", "st_mode", "st_nlink", "st_size", "st_uid", "st_ino")}
        out.update(st_atime=st.st_atime_ns, st_mtime=st.st_mtime_ns, st_ctime=st.st_ctime_ns)
        return out

    def readdir(self, path, fh):
        real = self._real(path)
        return [(name, {"st_ino": os.lstat(os.path.join(real, name)).st_ino}, 0) for name in self._w(os.listdir, real)]

    def chmod(self, path, mode): return self._w(os.chmod, self._real(path), mode)
    def readlink(self, path): return self._w(os.readlink, self._real(path))
    def rmdir(self, path): return self._w(os.rmdir, self._real(path))
    def mkdir(self, path, mode): return self._w(os.mkdir, self._real(path), mode)
    def unlink(self, path): return self._w(os.unlink, self._real(path))
    def symlink(self, name, target): return self._w(os.symlink, target, self._real(name))
    def rename(self, old, new): return self._w(os.replace, self._real(old), self._real(new))
    def link(self, target, name): return self._w(os.link, self._real(name), self._real(target))
    def open(self, path, flags): return self._w(os.open, self._real(path), flags)
    def flush(self, path, fh): return None
    def release(self, path, fh): return os.close(fh)
    def fsync(self, path, datasync, fh): return self._w(os.fsync, fh)

    def utimens(self, path, times=None):
        real = self._real(path)
        return self._w(lambda: os.utime(real, ns=times) if times else os.utime(real))

    def create(self, path, mode, fi=None):
        return self._w(os.open, self._real(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, buf, offset, fh):
        return os.pwrite(fh, buf, offset)

    def truncate(self, path, length, fh=None):
        return self._w(os.truncate, self._real(path), length)

    def statfs(self, path):
        stv = os.statvfs(self._real(path))
        return {k: getattr(stv, k) for k in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
                                             "f_files", "f_flag", "f_frsize", "f_namemax")}


if __name__ == "__main__":
    FUSE(CaseBlind(sys.argv[1]), sys.argv[2], foreground=True, use_ino=True)
