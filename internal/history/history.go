// Package history reads the 修订记录 of a site's data: the git history of
// data/, each commit compared with its parent, both read with internal/data
// exactly as a build reads them, so that a change of format ("6,364,000" →
// "6364000") is no change and a changed figure is. Only years present
// before and after a commit are compared: publishing a new year is not a
// revision of the old ones. Dates are commit dates, so the page does not
// depend on when it is built.
//
// It is part of the load stage: the build asks its Reader (Git for a site
// on disk) and passes the revision.History on to the pages.
package history

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
	"github.com/gongkai-dev/gongkai/internal/revision"
)

// Reader reads the revision history of a site's data/.
type Reader interface {
	// Read returns the history of siteDir/data; never nil.
	Read(siteDir string) *revision.History
	// Head fingerprints what Read would read (the commit HEAD names), so
	// that gongkai serve reads the history again only when it moved; ""
	// when it cannot tell cheaply.
	Head(siteDir string) string
}

// Git reads the history with the git command.
type Git struct{}

// gitTimeout bounds each git command.
const gitTimeout = 60 * time.Second

type gitRepo struct {
	dir   string
	blobs map[string][]byte
	snaps map[string]*data.Dataset
	raws  map[string]map[string]string // commit → county.toml path → flattened text
}

func (g *gitRepo) run(args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", g.dir, "-c", "core.quotepath=off"}, args...)...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}

// Read reads the history of siteDir/data from git. It never fails the
// build: without git, a repository or commits, the History says why.
func (Git) Read(siteDir string) *revision.History {
	if _, err := exec.LookPath("git"); err != nil {
		return &revision.History{Reason: revision.NoGit}
	}
	g := &gitRepo{dir: siteDir, blobs: map[string][]byte{}, snaps: map[string]*data.Dataset{}, raws: map[string]map[string]string{}}
	if _, err := g.run("rev-parse", "--show-prefix"); err != nil {
		return &revision.History{Reason: revision.NoRepo}
	}
	out, err := g.run("log", "--no-merges", "--format=%H%x1f%P%x1f%cI%x1f%s%x1e", "--", "data")
	if err != nil {
		return &revision.History{Reason: revision.GitFailed}
	}
	type commit struct{ hash, parent, date, subject string }
	var commits []commit
	for _, rec := range strings.Split(string(out), "\x1e") {
		rec = strings.TrimLeft(rec, "\n")
		f := strings.Split(rec, "\x1f")
		if len(f) != 4 {
			continue
		}
		parent, _, _ := strings.Cut(f[1], " ")
		commits = append(commits, commit{f[0], parent, f[2], f[3]})
	}
	if len(commits) == 0 {
		return &revision.History{Reason: revision.NoHistory}
	}
	h := &revision.History{Available: true, Commits: len(commits)}
	if out, err := g.run("rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(out)) == "true" {
		h.Shallow = true
	}
	for _, c := range commits {
		if c.parent == "" {
			continue // the first publication
		}
		before, err1 := g.snapshot(c.parent)
		after, err2 := g.snapshot(c.hash)
		if err1 != nil || err2 != nil {
			return &revision.History{Reason: revision.GitFailed}
		}
		t, err := time.Parse(time.RFC3339, c.date)
		if err != nil {
			return &revision.History{Reason: revision.GitFailed}
		}
		short := c.hash
		if len(short) > 10 {
			short = short[:10]
		}
		changes := diffDatasets(before, after)
		changes = append(changes, diffCounty(g.raws[c.parent], g.raws[c.hash], before, after)...)
		for i := range changes {
			changes[i].Date = content.DateOf(t)
			changes[i].Commit = short
			changes[i].Reason = c.subject
		}
		h.Changes = append(h.Changes, changes...)
	}
	return h
}

// snapshot reads data/ as of a commit, through internal/data.
func (g *gitRepo) snapshot(rev string) (*data.Dataset, error) {
	if ds, ok := g.snaps[rev]; ok {
		return ds, nil
	}
	out, err := g.run("ls-tree", "-r", "-z", rev, "--", "data")
	if err != nil {
		return nil, err
	}
	fsys := afero.NewMemMapFs()
	raws := map[string]string{}
	for _, ent := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(ent, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || f[1] != "blob" {
			continue
		}
		b, ok := g.blobs[f[2]]
		if !ok {
			if b, err = g.run("cat-file", "blob", f[2]); err != nil {
				return nil, err
			}
			g.blobs[f[2]] = b
		}
		if err := afero.WriteFile(fsys, path.Join("/site", name), b, 0o644); err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".toml") {
			raws[name] = string(b)
		}
	}
	ds, _ := data.Load(fsys, "/site") // what a build would read; errors leave out what they spoil
	if ds == nil {
		ds = &data.Dataset{}
	}
	g.snaps[rev] = ds
	g.raws[rev] = flattenTOMLFiles(raws)
	return ds, nil
}

type partKey struct {
	county, id string
	level      indicators.Level
}

// column is one compared column of schools.csv.
type schoolColumn struct {
	name string
	get  func(p *indicators.SchoolPart) string
}

func fig(f indicators.Figure) string {
	if !f.Given {
		return "未提供"
	}
	return strconv.FormatFloat(f.Value, 'f', -1, 64)
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "未提供"
	case *b:
		return "是"
	}
	return "否"
}

// schoolColumns are the compared columns of schools.csv: the descriptive
// ones, then the input figures as data publishes them (data.FigureColumns),
// then 寄宿制.
var schoolColumns = func() []schoolColumn {
	cols := []schoolColumn{
		{"学校名称", func(p *indicators.SchoolPart) string { return p.SchoolName }},
		{"办学类型", func(p *indicators.SchoolPart) string { return string(p.SchoolType) }},
		{"办学性质", func(p *indicators.SchoolPart) string { return layout.Ownership(p.Private) }},
		{"城乡分类代码", func(p *indicators.SchoolPart) string { return strconv.Itoa(p.UrbanRuralCode) }},
		{"乡镇", func(p *indicators.SchoolPart) string { return p.Township }},
		{"在校生数", func(p *indicators.SchoolPart) string { return strconv.Itoa(p.Students) }},
	}
	for _, c := range data.FigureColumns() {
		cols = append(cols, schoolColumn{c.Header, func(p *indicators.SchoolPart) string { return fig(c.Figure(p)) }})
	}
	return append(cols, schoolColumn{"寄宿制", func(p *indicators.SchoolPart) string { return yesNo(p.Boarding) }})
}()

type sharedColumn struct {
	name string
	get  func(f *indicators.SharedFacility) indicators.Figure
}

var sharedColumns = []sharedColumn{
	{"共用设施：高中在校生数", func(f *indicators.SharedFacility) indicators.Figure { return f.SeniorStudents }},
	{"共用设施：教学及辅助用房面积(㎡)", func(f *indicators.SharedFacility) indicators.Figure { return f.TeachingArea }},
	{"共用设施：体育运动场馆面积(㎡)", func(f *indicators.SharedFacility) indicators.Figure { return f.SportsArea }},
	{"共用设施：教学仪器设备值(元)", func(f *indicators.SharedFacility) indicators.Figure { return f.EquipmentValue }},
	{"共用设施：网络多媒体教室数", func(f *indicators.SharedFacility) indicators.Figure { return f.MultimediaRooms }},
}

// diffDatasets lists the changed cells of schools.csv and
// shared_facilities.csv in the years both datasets have.
func diffDatasets(before, after *data.Dataset) []revision.Change {
	old := map[int]data.Year{}
	for _, y := range before.Years {
		old[y.Year] = y
	}
	var out []revision.Change
	for _, ny := range after.Years {
		oy, ok := old[ny.Year]
		if !ok {
			continue
		}
		showCounty := layout.SeveralCounties(ny.Counties) || layout.SeveralCounties(oy.Counties)
		oldParts := map[partKey]*indicators.SchoolPart{}
		var oldOrder []partKey
		oldShared := map[string]*indicators.SharedFacility{}
		for ci := range oy.Counties {
			in := &oy.Counties[ci]
			for i := range in.Parts {
				k := partKey{in.County.Code, in.Parts[i].SchoolID, in.Parts[i].Level}
				oldParts[k] = &in.Parts[i]
				oldOrder = append(oldOrder, k)
			}
			for i := range in.Shared {
				oldShared[in.County.Code+"\x00"+in.Shared[i].SchoolID] = &in.Shared[i]
			}
		}
		seen := map[partKey]bool{}
		names := map[string]string{} // school id → name, for shared facilities
		for ci := range ny.Counties {
			in := &ny.Counties[ci]
			county := ""
			if showCounty {
				county = in.County.Name
			}
			for i := range in.Parts {
				np := &in.Parts[i]
				names[np.SchoolID] = np.SchoolName
				k := partKey{in.County.Code, np.SchoolID, np.Level}
				seen[k] = true
				base := revision.Change{Year: ny.Year, County: county, SchoolID: np.SchoolID, School: np.SchoolName, Level: layout.LevelName(np.Level)}
				op := oldParts[k]
				if op == nil {
					c := base
					c.Kind = "added"
					out = append(out, c)
					continue
				}
				for _, col := range schoolColumns {
					if a, b := col.get(op), col.get(np); a != b {
						c := base
						c.Column, c.Old, c.New = col.name, a, b
						out = append(out, c)
					}
				}
			}
			for i := range in.Shared {
				nf := &in.Shared[i]
				of := oldShared[in.County.Code+"\x00"+nf.SchoolID]
				for _, col := range sharedColumns {
					var a indicators.Figure
					if of != nil {
						a = col.get(of)
					}
					if b := col.get(nf); a != b {
						out = append(out, revision.Change{Year: ny.Year, County: county, SchoolID: nf.SchoolID, School: names[nf.SchoolID], Column: col.name, Old: fig(a), New: fig(b)})
					}
				}
				delete(oldShared, in.County.Code+"\x00"+nf.SchoolID)
			}
			for key, of := range oldShared {
				code, _, _ := strings.Cut(key, "\x00")
				if code != in.County.Code {
					continue
				}
				for _, col := range sharedColumns {
					if a := col.get(of); a.Given {
						out = append(out, revision.Change{Year: ny.Year, County: county, SchoolID: of.SchoolID, School: names[of.SchoolID], Column: col.name, Old: fig(a), New: fig(indicators.Figure{})})
					}
				}
			}
		}
		for _, k := range oldOrder {
			if !seen[k] {
				op := oldParts[k]
				out = append(out, revision.Change{Year: ny.Year, SchoolID: op.SchoolID, School: op.SchoolName, Level: layout.LevelName(op.Level), Kind: "removed"})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year > out[j].Year })
	return out
}

// flattenTOMLFiles turns each county.toml into key path → value text.
func flattenTOMLFiles(files map[string]string) map[string]string {
	out := map[string]string{}
	for name, src := range files {
		var m map[string]any
		if _, err := toml.Decode(strings.TrimPrefix(src, "\uFEFF"), &m); err != nil {
			continue
		}
		flatten(name+"\x00", m, out)
	}
	return out
}

func flatten(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			flatten(prefix+k+".", v, out)
		case string:
			out[prefix+k] = strings.TrimSpace(v)
		case time.Time:
			out[prefix+k] = v.Format("2006-01-02")
		case float64:
			out[prefix+k] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			out[prefix+k] = fmt.Sprint(v)
		}
	}
}

// diffCounty lists the changed keys of the county.toml files of years both
// versions have.
func diffCounty(before, after map[string]string, oldDS, newDS *data.Dataset) []revision.Change {
	years := map[int]bool{}
	for _, y := range oldDS.Years {
		years[y.Year] = true
	}
	var keys []string
	for k := range after {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []revision.Change
	for _, k := range keys {
		a, inOld := before[k]
		b, inNew := after[k]
		if a == b && inOld == inNew {
			continue
		}
		file, key, _ := strings.Cut(k, "\x00")
		// data/<year>/county.toml or data/<year>/county/<code>.toml
		parts := strings.Split(file, "/")
		if len(parts) < 3 {
			continue
		}
		year, err := strconv.Atoi(parts[1])
		if err != nil || !years[year] {
			continue
		}
		if !inOld {
			a = "未提供"
		}
		if !inNew {
			b = "未提供"
		}
		c := revision.Change{Year: year, Column: data.CountyKeyName(key), Old: a, New: b}
		if len(parts) == 4 {
			c.County = strings.TrimSuffix(parts[3], ".toml")
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year > out[j].Year })
	return out
}

// Head returns HEAD and the commit it names, read from the files of the
// .git directory above dir, or "" when they cannot be read simply (then the
// history is not kept from one build to the next).
func (Git) Head(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		g := filepath.Join(d, ".git")
		if fi, err := os.Stat(g); err == nil {
			if !fi.IsDir() {
				return "" // a worktree or submodule: ask git every time
			}
			head, err := os.ReadFile(filepath.Join(g, "HEAD"))
			if err != nil {
				return ""
			}
			ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: ")
			if !ok {
				return string(head) // detached: HEAD is the commit
			}
			if b, err := os.ReadFile(filepath.Join(g, filepath.FromSlash(ref))); err == nil {
				return ref + " " + strings.TrimSpace(string(b))
			}
			packed, err := os.ReadFile(filepath.Join(g, "packed-refs"))
			if err != nil {
				return ""
			}
			for _, l := range strings.Split(string(packed), "\n") {
				if h, r, ok := strings.Cut(l, " "); ok && r == ref {
					return ref + " " + h
				}
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
