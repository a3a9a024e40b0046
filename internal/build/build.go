// Package build runs the pipeline: load (settings, documents, school data;
// every error collected) → compute (indicators) → render → write, into a
// staging directory that replaces the destination only when everything
// succeeded.
package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/output"
	"github.com/gongkai-dev/gongkai/internal/render"
)

// Options configure one build.
type Options struct {
	// Fs holds the source and the destination; afero.NewOsFs() for real
	// builds, a MemMapFs in tests and for serve.
	Fs          afero.Fs
	Source      string // site directory
	Destination string // default Source/public
	BaseURL     string // overrides site.toml base_url
	Drafts      bool   // build drafts
	Future      bool   // build documents dated in the future
	Strict      bool   // warnings are errors
	// Now is the moment that decides which documents are in the future
	// and, when set, the day the site is "as of" (有效性 after 失效日期).
	// Zero means SOURCE_DATE_EPOCH when set; otherwise the clock decides
	// what is in the future and the newest content date is "today".
	Now time.Time
	// Progress, when not nil, receives progress lines for long builds.
	Progress io.Writer
}

// Summary counts what a build produced.
type Summary struct {
	Pages       int
	Documents   int
	SchoolParts int
	Years       int
	Charts      int
	Warnings    int
	Files       int
	Bytes       int64
	Duration    time.Duration
}

// String is the one-line summary every build ends with.
func (s Summary) String() string {
	return fmt.Sprintf("构建完成：%d 个页面，%d 篇文档，%d 个学校学段（%d 个年度），%d 张图表，%d 条警告，共 %d 个文件，用时 %s",
		s.Pages, s.Documents, s.SchoolParts, s.Years, s.Charts, s.Warnings, s.Files, s.Duration.Round(time.Millisecond))
}

// NowFromEnv returns SOURCE_DATE_EPOCH as a time when it is set and valid.
func NowFromEnv() (time.Time, bool) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// Site is everything loaded and computed, before rendering.
type Site struct {
	Config  *config.Site
	Content *content.Content
	Data    *data.Dataset
	Reports []*indicators.Report // by year ascending, then county code
	Today   content.Date
}

// Load reads and validates a site and computes its indicators. Every problem
// of every file is in the diagnostics.
func Load(opts Options) (*Site, *diag.List) {
	diags := &diag.List{}
	site, ds := config.Load(opts.Fs, opts.Source, opts.BaseURL)
	addAll(diags, ds)
	if site == nil {
		return nil, diags
	}
	now := opts.Now
	if now.IsZero() {
		if t, ok := NowFromEnv(); ok {
			now = t
		} else {
			now = time.Now()
		}
	}
	c, ds := content.Load(opts.Fs, opts.Source, site, content.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now})
	addAll(diags, ds)
	dataset, dl := data.Load(opts.Fs, opts.Source)
	diags.Merge(dl)
	s := &Site{Config: site, Content: c, Data: dataset, Today: today(c, dataset)}
	if !opts.Now.IsZero() {
		s.Today = content.DateOf(opts.Now)
	}
	if dataset != nil {
		for _, y := range dataset.Years {
			for _, in := range y.Counties {
				s.Reports = append(s.Reports, indicators.Compute(in, site.Standards))
			}
		}
	}
	return s, diags
}

// today is the date the site is "as of" for 有效性: SOURCE_DATE_EPOCH when
// set, else the newest date in the content and data. It is not the clock,
// so that building the same input twice gives the same bytes.
func today(c *content.Content, d *data.Dataset) content.Date {
	if t, ok := NowFromEnv(); ok {
		return content.DateOf(t)
	}
	var best content.Date
	for _, doc := range c.Docs {
		if dt := doc.Date(); best.Before(dt) {
			best = dt
		}
		if best.Before(doc.Written) {
			best = doc.Written
		}
	}
	if d != nil {
		for _, y := range d.Years {
			for _, in := range y.Counties {
				if t, err := time.Parse("2006-01-02", in.County.AsOf); err == nil {
					if dt := (content.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}); best.Before(dt) {
						best = dt
					}
				}
			}
		}
	}
	return best
}

func addAll(l *diag.List, ds []diag.Diagnostic) {
	for _, d := range ds {
		l.Add(d)
	}
}

// Build builds the site in opts.Source into opts.Destination. On any error
// the destination is left exactly as it was; the returned diagnostics hold
// every error and warning.
func Build(opts Options) (Summary, []diag.Diagnostic, error) {
	start := time.Now()
	if opts.Fs == nil {
		opts.Fs = afero.NewOsFs()
	}
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	var sum Summary
	site, diags := Load(opts)
	if site == nil || diags.HasErrors(opts.Strict) {
		return sum, diags.All(), &diag.BuildError{Diagnostics: diags.All()}
	}
	stage, err := output.NewStage(opts.Fs, opts.Destination)
	if err != nil {
		return sum, diags.All(), err
	}
	fail := func(err error) (Summary, []diag.Diagnostic, error) {
		_ = stage.Abort()
		return sum, diags.All(), err
	}

	theme, ds := render.LoadTheme(opts.Fs, opts.Source, site.Config.Theme)
	addAll(diags, ds)
	if theme == nil {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	r, ds := render.New(site.Config, theme, site.Today, nil)
	addAll(diags, ds)
	if diags.HasErrors(opts.Strict) {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	if err := writeData(site, stage); err != nil {
		return fail(err)
	}
	stats, ds := r.Render(render.Input{
		Site: site.Config, Content: site.Content, Today: site.Today,
		ReadContent: func(rel string) ([]byte, error) {
			return afero.ReadFile(opts.Fs, path.Join(opts.Source, content.Dir, rel))
		},
	}, stage)
	addAll(diags, ds)
	if diags.HasErrors(opts.Strict) {
		return fail(&diag.BuildError{Diagnostics: diags.All()})
	}
	if err := stage.Commit(); err != nil {
		return sum, diags.All(), err
	}
	sum.Pages = stats.Pages
	sum.Documents = len(site.Content.Docs)
	if site.Data != nil {
		sum.Years = len(site.Data.Years)
		for _, y := range site.Data.Years {
			sum.SchoolParts += y.Rows
		}
	}
	sum.Warnings = len(diags.Warnings())
	sum.Files = stage.Files()
	sum.Bytes = stage.Bytes()
	sum.Duration = time.Since(start)
	return sum, diags.All(), nil
}

// writeData writes the machine-readable output of every year:
// data/<year>/indicators.json and data/<year>/schools.csv, or per county
// under data/<year>/county/<code>/ for a site of several counties.
func writeData(site *Site, w render.Writer) error {
	if site.Data == nil {
		return nil
	}
	for _, y := range site.Data.Years {
		multi := len(y.Counties) > 1 || (len(y.Counties) == 1 && y.Counties[0].County.Code != "" && y.Counties[0].Parts != nil && y.Counties[0].Parts[0].CountyCode != "")
		for _, rep := range site.Reports {
			if rep.Year != y.Year {
				continue
			}
			dir := fmt.Sprintf("data/%d/", y.Year)
			if multi {
				dir += "county/" + rep.County.Code + "/"
			}
			js, err := MarshalReport(rep)
			if err != nil {
				return err
			}
			if err := w.WriteFile(dir+"indicators.json", js); err != nil {
				return err
			}
			if err := w.WriteFile(dir+"schools.csv", data.EncodeSchoolsCSV(rep)); err != nil {
				return err
			}
			std, err := json.MarshalIndent(rep.Standards, "", "  ")
			if err != nil {
				return err
			}
			if err := w.WriteFile(dir+"standards.json", append(std, '\n')); err != nil {
				return err
			}
		}
	}
	return nil
}

// MarshalReport encodes a report as indicators.json: indented, keys sorted,
// numbers in full precision, and no HTML escaping (the file is data, not
// markup).
func MarshalReport(r *indicators.Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
