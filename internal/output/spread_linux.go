package output

import (
	"golang.org/x/sys/unix"
)

// fsTopDirFlag is FS_TOPDIR_FL of linux/fs.h (chattr +T), which
// golang.org/x/sys/unix does not name.
const fsTopDirFlag = 0x00020000

// spreadSubdirs marks the directory full (of the stage, never followed
// through a link) as the top of directory hierarchies for ext4's Orlov
// allocator (chattr(1), attribute T): the directories made in it go to the
// block groups with the fewest directories instead of next to it, each
// with its files.
//
// Performance: without a journal, ext4 skips an inode deleted in the last
// minutes (recently_deleted) and scans from the start of its block group
// for every new inode. A site rebuilt after its previous output was
// removed — by gongkai's swap or by hand — put all its directories and
// files in the one group where those thousands of inodes were just freed,
// and every new one scanned past them all: a cost that grows with the
// square of the site (docs/performance.md, "磁盘上的系统时间"). Spread,
// each group holds few. Elsewhere (ext4 with a journal, tmpfs, xfs,
// btrfs) the flag is refused or only places directories; either is fine,
// so errors are ignored.
func spreadSubdirs(full string) {
	fd, err := unix.Open(full, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	flags, err := unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
	if err != nil || flags&fsTopDirFlag != 0 {
		return
	}
	_ = unix.IoctlSetPointerInt(fd, unix.FS_IOC_SETFLAGS, int(flags|fsTopDirFlag))
}
