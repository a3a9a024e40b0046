package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// claimDestination makes opts.Destination ready for a build that writes
// it: the destination must not hold the site (checkDestination); a
// symbolic link is followed to its target, which the build replaces (the
// link stays a link); the destination is locked against other builds
// (output.Lock); a site that a build killed in the middle of its swap left
// under its retired name is put back (output.Recover), so that every way
// this build ends leaves the previous site in place; and a destination
// that is not gongkai's output is refused unless opts.ForceDestination. It
// returns the release of the lock, which the build calls on every return.
func claimDestination(opts *Options) (release func(), err error) {
	if err := checkDestination(*opts); err != nil {
		return nil, err
	}
	if opts.Output != nil {
		return func() {}, nil // built in memory: nothing on disk is touched
	}
	dest, err := followLink(opts)
	if err != nil {
		return nil, err
	}
	named := opts.Destination // for messages
	if dest != opts.Destination {
		named += "（符号链接，指向 " + dest + "）"
	}
	opts.Destination = dest
	release, err = output.Lock(opts.Fs, dest)
	if err != nil {
		return nil, err
	}
	if err := output.Recover(opts.Fs, dest); err != nil {
		release()
		return nil, err
	}
	if !opts.ForceDestination {
		if err := output.CheckOwned(opts.Fs, dest); err != nil {
			release()
			var no *output.NotOwnedError
			if errors.As(err, &no) {
				no.Dest = named
			}
			return nil, err
		}
	}
	return release, nil
}

// followLink returns the destination, or the directory it links to when it
// is a symbolic link on disk.
func followLink(opts *Options) (string, error) {
	fi, err := sitefs.Lstat(opts.Fs, opts.Destination)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return opts.Destination, nil
	}
	target, err := filepath.EvalSymlinks(opts.Destination)
	if err != nil {
		if os.IsNotExist(err) {
			return "", fmt.Errorf("目标目录 %s 是符号链接，但它指向的位置不存在；请先创建它指向的目录，或另选一个目录", opts.Destination)
		}
		return "", fmt.Errorf("目标目录 %s 是符号链接，无法读取它指向的位置: %w", opts.Destination, err)
	}
	return target, nil
}
