package build

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/area"
	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// The build cache's years (构建缓存中的年度): what the build made of each
// year of data/ — the year without its rows, its diagnostics, the counties'
// summaries, the area's Area, the fingerprints and the packed rows — kept
// in a second file beside the destination, .gongkai-<name>.years, by the
// digest of the year directory's files. A next build reads and computes
// only the years whose files changed; each of the others is one read and
// one decoding instead of parsing, checking and computing its rows, which
// was half of a rebuild after one changed row (docs/performance.md).
//
// The file is trusted only with the build cache file whose header names
// it (cacheHeader.Years): the same program, the same destination.

// yearsFileName is the build cache's file of years for the destination dest.
func YearsFileName(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), ".gongkai-"+filepath.Base(dest)+".years")
}

// keptYear is one year as the file keeps it (package codec).
type keptYear struct {
	// Standards are those the summaries were computed against.
	Standards indicators.Standards
	Year      data.Year // its Counties without rows
	Diags     []diag.Diagnostic
	Reports   []*indicators.Report // summaries, without their rosters
	Rosters   [][]byte             // yearSummary.rosterBlobs
	HasArea   bool                 // several counties: Area is the area's
	Area      indicators.LevelReports
	Keys      []string
	Schools   [][]byte // yearSummary.schoolKeys
	Packed    [][]byte
}

// yearRef is where a kept year is in the previous build's file.
type yearRef struct {
	digest string
	sum    string // SHA-256 of the encoded year: damage is not decoded
	off, n int64
}

// yearsCache reads the previous build's years and writes this build's.
type yearsCache struct {
	std  indicators.Standards // the site's, before the first Earlier
	prev afero.File           // the previous build's file; nil when none can be trusted
	refs map[string]yearRef   // in prev, by year directory name

	mu    sync.Mutex
	id    string     // names this build's file in the cache header
	next  afero.File // this build's file, written as the years come
	name  string     // its temporary name
	err   error      // the first failure to write it: then it is not kept
	taken map[int]*yearSummary
	used  int // years taken from the previous build
}

// openYears opens the years of the previous build when its cache header
// named them (id), and starts this build's file.
func openYears(fsys afero.Fs, dest, id string) *yearsCache {
	yc := &yearsCache{refs: map[string]yearRef{}, taken: map[int]*yearSummary{}}
	if id != "" {
		yc.readIndex(fsys, dest, id)
	}
	var buf [16]byte
	_, _ = rand.Read(buf[:])
	yc.id = hex.EncodeToString(buf[:])
	yc.name = YearsFileName(dest) + ".tmp"
	f, err := fsys.OpenFile(yc.name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		yc.err = err
		return yc
	}
	yc.next = f
	_, yc.err = f.Write(codec.AppendString(nil, yc.id))
	return yc
}

// readIndex reads where each year is in the previous build's file.
func (yc *yearsCache) readIndex(fsys afero.Fs, dest, id string) {
	f, err := fsys.Open(YearsFileName(dest))
	if err != nil {
		return
	}
	r := &countingReader{r: bufio.NewReader(f)}
	refs := map[string]yearRef{}
	if s, err := readString(r); err != nil || s != id {
		f.Close()
		return
	}
	for {
		name, err := readString(r)
		if err == io.EOF {
			break
		}
		digest, err1 := readString(r)
		sum, err2 := readString(r)
		n, err3 := binary.ReadUvarint(r)
		off := r.n
		if _, err4 := r.Discard(int(n)); err != nil || err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			f.Close() // cut or damaged: no year from it
			return
		}
		refs[name] = yearRef{digest: digest, sum: sum, off: off, n: int64(n)}
	}
	yc.refs, yc.prev = refs, f
}

// earlier is data.Cache.Earlier: the year name as the previous build made
// it, when its files have the digest they had then and the site's
// standards are those it was computed against.
func (yc *yearsCache) earlier(name, digest string) (data.Year, []diag.Diagnostic, bool) {
	ref, ok := yc.refs[name]
	if !ok || yc.prev == nil || ref.digest != digest {
		return data.Year{}, nil, false
	}
	blob := make([]byte, ref.n)
	if _, err := yc.prev.ReadAt(blob, ref.off); err != nil {
		return data.Year{}, nil, false
	}
	if sum := sha256.Sum256(blob); string(sum[:]) != ref.sum {
		return data.Year{}, nil, false
	}
	var k keptYear
	if codec.Decode(blob, &k) != nil || !reflect.DeepEqual(k.Standards, yc.std) || strconv.Itoa(k.Year.Year) != name {
		return data.Year{}, nil, false
	}
	ys := &yearSummary{reports: k.Reports, rosterBlobs: k.Rosters, packed: k.Packed, keys: k.Keys, schoolKeys: k.Schools}
	if k.HasArea {
		ys.area = area.New(k.Year.Year, k.Reports, area.Targets{})
		ys.area.UseArea(k.Area)
	}
	yc.mu.Lock()
	yc.taken[k.Year.Year] = ys
	yc.used++
	yc.write(name, digest, blob)
	yc.mu.Unlock()
	return k.Year, k.Diags, true
}

// take returns the summary of a year that earlier gave, once.
func (yc *yearsCache) take(year int) *yearSummary {
	if yc == nil {
		return nil
	}
	yc.mu.Lock()
	defer yc.mu.Unlock()
	ys := yc.taken[year]
	delete(yc.taken, year)
	return ys
}

// keep writes a year this build read and summarised, before spill puts
// its rows, rosters and fingerprints in the temporary file. A year read
// without a digest is not kept.
func (yc *yearsCache) keep(y *data.Year, diags []diag.Diagnostic, ys *yearSummary) {
	if yc == nil || y.Digest == "" {
		return
	}
	k := keptYear{Standards: yc.std, Year: *y, Diags: diags, Reports: ys.reports, Rosters: ys.rosterBlobs, Keys: ys.keys, Schools: ys.schoolKeys, Packed: ys.packed}
	if ys.area != nil {
		k.HasArea, k.Area = true, ys.area.Area()
	}
	blob, err := codec.Encode(nil, &k)
	yc.mu.Lock()
	defer yc.mu.Unlock()
	if err != nil {
		yc.err = err
		return
	}
	yc.write(strconv.Itoa(y.Year), y.Digest, blob)
}

// write appends one year to this build's file; yc.mu is held.
func (yc *yearsCache) write(name, digest string, blob []byte) {
	if yc.err != nil || yc.next == nil {
		return
	}
	sum := sha256.Sum256(blob)
	b := codec.AppendString(nil, name)
	b = codec.AppendString(b, digest)
	b = codec.AppendString(b, string(sum[:]))
	b = binary.AppendUvarint(b, uint64(len(blob)))
	if _, err := yc.next.Write(b); err != nil {
		yc.err = err
		return
	}
	_, yc.err = yc.next.Write(blob)
}

// doneReading closes the previous build's file: every year is read.
func (yc *yearsCache) doneReading() {
	if yc != nil && yc.prev != nil {
		yc.prev.Close()
		yc.prev = nil
	}
}

// commit puts this build's file in place of the previous one's and returns
// its id for the cache header; "" when it could not be written whole.
func (yc *yearsCache) commit(fsys afero.Fs, dest string) string {
	yc.doneReading()
	yc.mu.Lock()
	defer yc.mu.Unlock()
	if yc.next == nil {
		return ""
	}
	err := yc.next.Close()
	yc.next = nil
	if yc.err == nil {
		yc.err = err
	}
	if yc.err == nil {
		yc.err = fsys.Rename(yc.name, YearsFileName(dest))
	}
	if yc.err != nil {
		_ = fsys.Remove(yc.name)
		return ""
	}
	return yc.id
}

// abort drops this build's file (a build that failed keeps the previous).
func (yc *yearsCache) abort(fsys afero.Fs) {
	if yc == nil {
		return
	}
	yc.doneReading()
	yc.mu.Lock()
	defer yc.mu.Unlock()
	if yc.next != nil {
		yc.next.Close()
		yc.next = nil
		_ = fsys.Remove(yc.name)
	}
}

// readString reads what codec.AppendString wrote, at most 1 KB (names, digests
// and ids are short).
func readString(r *countingReader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return "", err
	}
	if n > 1<<10 {
		return "", fmt.Errorf("years file: a name of %d bytes", n)
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return string(b), err
}

// countingReader counts the bytes read, for the offsets of the years.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func (c *countingReader) Discard(n int) (int, error) {
	m, err := c.r.Discard(n)
	c.n += int64(m)
	return m, err
}

// yearsCache is the build cache's years; nil without the build cache.
func (c *Cache) yearsCache() *yearsCache {
	if c == nil || c.disk == nil {
		return nil
	}
	return c.disk.years
}

// reusedYears is Summary.YearsReused.
func (yc *yearsCache) reusedYears() int {
	if yc == nil {
		return 0
	}
	yc.mu.Lock()
	defer yc.mu.Unlock()
	return yc.used
}
