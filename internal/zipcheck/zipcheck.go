// Package zipcheck opens the zip archives that gongkai imports (.xlsx,
// .docx) with their sizes checked before anything is inflated: the file's
// size before it is opened, the number of entries from the archive's end
// record before the directory is read, and each part's size from the
// directory before the part is read. archive/zip refuses to inflate more
// than an entry declares, so the declared sizes bound what reading costs:
// a 4 MB archive that would inflate to 20 GB is refused at once. Parts
// are read as streams, never into temporary files.
package zipcheck

import (
	"archive/zip"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// MaxEntries is the number of entries an archive may have: a workbook or
// a Word document has a few dozen.
const MaxEntries = 10_000

// Archive is an open archive.
type Archive struct {
	*zip.Reader
	c io.Closer // the file, when Open opened it
}

// Open opens the archive name, refusing a file larger than maxFile bytes
// and an archive of more than MaxEntries entries.
func Open(fsys afero.Fs, name string, maxFile int64) (*Archive, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
	case fi.IsDir() || !fi.Mode().IsRegular():
		err = errors.New("不是普通文件")
	case fi.Size() > maxFile:
		err = &sitefs.TooLargeError{Size: fi.Size(), Limit: maxFile}
	}
	var a *Archive
	if err == nil {
		a, err = New(f, fi.Size())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	a.c = f
	return a, nil
}

// New reads the directory of the archive in r, refusing an archive of more
// than MaxEntries entries.
func New(r io.ReaderAt, size int64) (*Archive, error) {
	n, err := entries(r, size)
	if err != nil {
		return nil, err
	}
	if n > MaxEntries {
		return nil, fmt.Errorf("压缩包中有 %d 个文件，上限为 %d；这不是正常的 Office 文档", n, MaxEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("不是有效的 zip 压缩包: %w", err)
	}
	return &Archive{Reader: zr}, nil
}

// entries reads the number of entries from the end of central directory
// record, so that a directory of millions of entries is refused before
// archive/zip allocates them. A ZIP64 archive says 0xFFFF there and is
// taken at its word: no Office document needs ZIP64's number of entries.
func entries(r io.ReaderAt, size int64) (int, error) {
	const eocdLen, maxComment = 22, 0xFFFF
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, err
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			return int(binary.LittleEndian.Uint16(buf[i+10:])), nil
		}
	}
	return 0, errors.New("不是有效的 zip 压缩包（找不到目录）")
}

// Close closes the archive's file.
func (a *Archive) Close() error {
	if a.c == nil {
		return nil
	}
	return a.c.Close()
}

// Find returns the entry named name (a part name is matched without regard
// to case, as Office does), or nil.
func (a *Archive) Find(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, f := range a.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// PartTooLargeError is a part that inflates to more than its limit.
type PartTooLargeError struct {
	Name        string
	Size, Limit int64
}

func (e *PartTooLargeError) Error() string {
	return fmt.Sprintf("%s 解压后为 %s，上限为 %s", e.Name, sitefs.Size(e.Size), sitefs.Size(e.Limit))
}

// OpenPart opens an entry for reading as a stream, refusing one that
// declares more than limit bytes.
func OpenPart(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &PartTooLargeError{Name: f.Name, Size: int64(min(f.UncompressedSize64, 1<<62)), Limit: limit}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return rc, nil
}

// MaxDepth is how deep the elements of a part may nest: Office documents
// nest a dozen deep, and encoding/xml keeps a record of every open
// element, so a part of nothing but <a><a><a>… would cost its size many
// times over.
const MaxDepth = 256

// Decoder reads the tokens of a part as a stream, refusing elements nested
// deeper than MaxDepth.
type Decoder struct {
	d     *xml.Decoder
	depth int
}

// NewDecoder returns a Decoder reading r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{d: xml.NewDecoder(r)} }

// Token returns the next token, as xml.Decoder.Token does.
func (d *Decoder) Token() (xml.Token, error) {
	t, err := d.d.Token()
	switch t.(type) {
	case xml.StartElement:
		if d.depth++; d.depth > MaxDepth {
			return nil, fmt.Errorf("XML 元素嵌套超过 %d 层", MaxDepth)
		}
	case xml.EndElement:
		d.depth--
	}
	return t, err
}
