// Package sitefs guards what a build reads from a site: every file is a
// regular file inside the site directory, reached without following a
// symbolic link, and not larger than a limit checked before reading. A
// symlink in content/, data/ or a theme that points at /etc/passwd or at
// another site cannot be published, and a 2 GB file copied into data/ by
// mistake gives a clear error instead of exhausting the memory. What the
// authoring commands write into a site (WriteFile) does not go through a
// link either.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"
)

// Limits on what one file of a site may hold. They are far above what a
// county's 政务公开 site needs and low enough that the worst file stays
// within the build's memory target (1 GiB) on a two-core machine.
const (
	// MaxSettings is the limit of site.toml, county.toml and the
	// translation files of a theme.
	MaxSettings = 1 << 20 // 1 MiB
	// MaxMarkdown is the limit of one Markdown document. Goldmark needs up
	// to a few hundred bytes of memory per byte of pathological input
	// (emphasis marks, link brackets); the longest real 规划 is 200 KB.
	MaxMarkdown = 1 << 20 // 1 MiB
	// MaxCSV is the limit of schools.csv and shared_facilities.csv: a
	// province of 100,000 school parts with every column is 30 MB.
	MaxCSV = 64 << 20 // 64 MiB
	// MaxAttachment is the limit of one attachment (a scanned PDF, a
	// spreadsheet); attachments are copied whole.
	MaxAttachment = 100 << 20 // 100 MiB
	// MaxThemeFile is the limit of one file of a theme (a layout, a
	// stylesheet, a script, an image).
	MaxThemeFile = 8 << 20 // 8 MiB
)

// ErrSymlink is the error of a symbolic link where a site file is read.
var ErrSymlink = errors.New("是符号链接；站点只读取站点目录中的普通文件，不跟随符号链接（请把文件本身复制进来）")

// ErrNotRegular is the error of a device, pipe or socket where a site file
// is read.
var ErrNotRegular = errors.New("不是普通文件（设备、管道或套接字）")

// TooLargeError reports a file over its limit.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("文件过大（%s），上限为 %s；请检查是否放错了文件，或把内容拆分", Size(e.Size), Size(e.Limit))
}

// Size formats a byte count for messages: 1.5 MB, 64 MB, 900 KB.
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		return strings.TrimSuffix(s, ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// Lstat is fsys.Lstat when the file system has it (OsFs, BasePathFs…),
// else Stat (MemMapFs has no links).
func Lstat(fsys afero.Fs, name string) (fs.FileInfo, error) {
	if l, ok := fsys.(afero.Lstater); ok {
		fi, _, err := l.LstatIfPossible(name)
		return fi, err
	}
	return fsys.Stat(name)
}

// ReadDir lists a directory sorted by name. On the operating system's
// file system each entry's type comes from the directory itself, without
// a stat of each entry (fs.DirEntry.Info makes it, when it is wanted);
// other file systems give what their Readdir gives.
func ReadDir(fsys afero.Fs, dir string) ([]fs.DirEntry, error) {
	if _, onDisk := fsys.(*afero.OsFs); onDisk {
		return os.ReadDir(dir)
	}
	infos, err := afero.ReadDir(fsys, dir)
	out := make([]fs.DirEntry, len(infos))
	for i, fi := range infos {
		out[i] = fs.FileInfoToDirEntry(fi)
	}
	return out, err
}

// Check returns an error when root/rel, or a directory between root and
// it, is a symbolic link, or when rel is neither a regular file nor a
// directory. rel is slash-separated and relative to root; it must not leave
// root. root itself may be a link (the site directory is the user's
// choice). A missing file is fs.ErrNotExist.
func Check(fsys afero.Fs, root, rel string) error {
	clean := path.Clean(rel)
	if path.IsAbs(rel) || clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("路径 %q 离开了站点目录", rel)
	}
	if clean == "." {
		return nil
	}
	p := root
	parts := strings.Split(clean, "/")
	for i, part := range parts {
		p = filepath.Join(p, part)
		fi, err := Lstat(fsys, p)
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			if i < len(parts)-1 {
				return fmt.Errorf("目录 %s %w", strings.Join(parts[:i+1], "/"), ErrSymlink)
			}
			return ErrSymlink
		case fi.IsDir():
		case i < len(parts)-1:
			return fmt.Errorf("%s 不是目录", strings.Join(parts[:i+1], "/"))
		case !fi.Mode().IsRegular():
			return ErrNotRegular
		}
	}
	return nil
}

// ReadFile reads root/rel after Check, refusing a file larger than limit
// bytes before reading it (and a file that grows past it while being read).
func ReadFile(fsys afero.Fs, root, rel string, limit int64) ([]byte, error) {
	if err := Check(fsys, root, rel); err != nil {
		return nil, err
	}
	return ReadLimited(fsys, filepath.Join(root, filepath.FromSlash(rel)), limit)
}

// ReadLimited reads name, refusing a file larger than limit bytes before
// reading it, and a file that grows past it while being read. It does not
// check for links; use ReadFile for a file of the site.
func ReadLimited(fsys afero.Fs, name string, limit int64) ([]byte, error) {
	f, size, dir, err := openRead(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if dir {
		return nil, errors.New("是目录，不是文件")
	}
	return readAll(f, size, limit)
}

// readAll reads f, of size bytes as a stat gave it, to the end; more than
// limit bytes is a TooLargeError.
func readAll(f io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, &TooLargeError{Size: size, Limit: limit}
	}
	// Read into a buffer of the file's size and one byte more, to see the
	// end (or that it grew): bytes.Buffer.ReadFrom wanted 512 bytes free
	// before each read, and so doubled every buffer before the last.
	b := make([]byte, 0, size+1)
	r := io.LimitReader(f, limit+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		want := cap(b) - len(b)
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		// All the bytes the stat gave, in a read that asked for one
		// more: the end. Performance: otherwise every file takes one
		// more read, only to be told so.
		if int64(len(b)) == size && n < want {
			break
		}
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Size: int64(len(b)), Limit: limit}
	}
	return b, nil
}

// Regular is a regular file opened by OpenRegular, with its size and
// modification time (nanoseconds) as the open file has them.
type Regular struct {
	f             io.ReadCloser
	Size, ModTime int64
}

// OpenRegular opens the file name for reading when it is a regular file
// and not a symbolic link (ErrSymlink, ErrNotRegular); the caller closes
// it, or reads it whole with ReadAll. Performance: on the operating
// system's file system it is one open (without following a link, and
// without waiting on a pipe) and one fstat, where a stat before the open
// looked the name up twice; and the size and time are those of the very
// file read.
func OpenRegular(fsys afero.Fs, name string) (*Regular, error) {
	if _, onDisk := fsys.(*afero.OsFs); onDisk {
		return openRegularOS(name)
	}
	fi, err := Lstat(fsys, name)
	switch {
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, ErrSymlink
	case !fi.Mode().IsRegular():
		return nil, ErrNotRegular
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &Regular{f: f, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, nil
}

// ReadAll reads the file to its end and closes it; more than limit bytes
// is a TooLargeError.
func (r *Regular) ReadAll(limit int64) ([]byte, error) {
	defer r.f.Close()
	return readAll(r.f, r.Size, limit)
}

// Close closes the file without reading it.
func (r *Regular) Close() error { return r.f.Close() }

// openRead opens name for ReadLimited, with its size and whether it is a
// directory.
func openRead(fsys afero.Fs, name string) (f io.ReadCloser, size int64, dir bool, err error) {
	if _, onDisk := fsys.(*afero.OsFs); onDisk {
		return openOS(name)
	}
	return openAfero(fsys, name)
}

func openAfero(fsys afero.Fs, name string) (f io.ReadCloser, size int64, dir bool, err error) {
	af, err := fsys.Open(name)
	if err != nil {
		return nil, 0, false, err
	}
	fi, err := af.Stat()
	if err != nil {
		af.Close()
		return nil, 0, false, err
	}
	return af, fi.Size(), fi.IsDir(), nil
}

// WriteFile writes data to root/rel without going through a symbolic
// link: no folder between root and the file may be a link, nor the file
// itself (root may be: it is the user's choice), so that a link planted in
// a site cannot make gongkai create or overwrite a file elsewhere. Missing
// folders are made. Without replace an existing file is an error
// (fs.ErrExist); with replace it is replaced by renaming a new file over
// it, which replaces whatever is at that name rather than writing through
// it.
func WriteFile(fsys afero.Fs, root, rel string, data []byte, replace bool) error {
	clean := path.Clean(filepath.ToSlash(rel))
	if path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("路径 %q 离开了目录 %s", rel, root)
	}
	if err := fsys.MkdirAll(root, 0o755); err != nil {
		return err
	}
	parts := strings.Split(clean, "/")
	p := root
	for i, part := range parts {
		p = filepath.Join(p, part)
		fi, err := Lstat(fsys, p)
		last := i == len(parts)-1
		switch {
		case errors.Is(err, fs.ErrNotExist) && !last:
			if err := fsys.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s %w", p, ErrSymlinkWrite)
		case !last && !fi.IsDir():
			return fmt.Errorf("%s 不是目录", p)
		case last && !fi.Mode().IsRegular():
			return fmt.Errorf("%s %w", p, ErrNotRegular)
		case last && !replace:
			return fmt.Errorf("%s %w", p, fs.ErrExist)
		}
	}
	if !replace {
		// O_EXCL: fails on anything at the name, a link made meanwhile too.
		f, err := fsys.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		return closeWritten(f, data, nil)
	}
	f, err := afero.TempFile(fsys, filepath.Dir(p), "."+filepath.Base(p)+".gongkai-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := closeWritten(f, data, fsys.Chmod(tmp, 0o644)); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	if err := fsys.Rename(tmp, p); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	return nil
}

// ErrSymlinkWrite is the error of a symbolic link where gongkai writes.
var ErrSymlinkWrite = errors.New("是符号链接；gongkai 不经过符号链接写入文件，以免写到别处（请删除这个链接，或换一个目录）")

// closeWritten writes data to f and closes it, returning the first error
// (err first).
func closeWritten(f afero.File, data []byte, err error) error {
	if err == nil {
		_, err = f.Write(data)
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}
