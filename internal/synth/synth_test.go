package synth_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

func files(t *testing.T, fsys afero.Fs, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := afero.ReadFile(fsys, p)
		out[strings.TrimPrefix(p, dir)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A synthetic site builds with no error and no warning, single county and
// several, and its documents look like the example site's.
func TestGeneratedSitesBuild(t *testing.T) {
	for _, o := range []synth.Options{
		{Docs: 60, Schools: 120, Years: 3, Counties: 1},
		{Docs: 30, Schools: 200, Years: 4, Counties: 8},
	} {
		fsys := afero.NewMemMapFs()
		st, err := synth.Generate(fsys, "/site", o)
		if err != nil {
			t.Fatal(err)
		}
		if st.Docs != o.Docs || st.Parts != o.Schools*o.Years || st.Counties != o.Counties {
			t.Errorf("%+v: stats %+v", o, st)
		}
		sum, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Destination: "/out", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil || len(diags) > 0 {
			t.Fatalf("%+v: %v; %d diagnostics, e.g. %v", o, err, len(diags), diags[:min(len(diags), 5)])
		}
		if sum.Documents != o.Docs || sum.SchoolParts != o.Schools*o.Years || sum.Years != o.Years {
			t.Errorf("%+v: summary %+v", o, sum)
		}
		site, dl := build.Load(build.Options{Fs: fsys, Source: "/site"})
		if len(dl.All()) > 0 {
			t.Fatalf("%+v: %v", o, dl.All())
		}
		if o.Counties > 1 {
			if _, err := fsys.Stat("/site/data/2024/county"); err != nil {
				t.Errorf("no county/ directory: %v", err)
			}
			// Counties with a target year, past and future ones.
			tg := site.Data.Targets
			if tg == nil {
				t.Fatalf("%+v: no targets.toml", o)
			}
			past, future := 0, 0
			for _, c := range tg.Counties {
				if c.TargetYear <= 2024 {
					past++
				} else {
					future++
				}
			}
			if tg.AllBy != 2028 || past == 0 || future == 0 {
				t.Errorf("%+v: targets %+v", o, tg)
			}
		} else if site.Data.Targets != nil {
			t.Errorf("single county with targets: %+v", site.Data.Targets)
		}
	}
}

func TestDocumentShape(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/site", synth.Options{Docs: 300}); err != nil {
		t.Fatal(err)
	}
	all := files(t, fsys, "/site/content/")
	small, large, tables, outlines := 0, 0, 0, 0
	for name, b := range all {
		if !strings.HasSuffix(name, ".md") || strings.HasSuffix(name, "_index.md") {
			continue
		}
		s := string(b)
		if !utf8.Valid(b) || !strings.HasPrefix(s, "+++\ntitle = ") || !strings.Contains(s, "\nindex_no = \"11150000MB1234567X/") {
			t.Fatalf("%s: not a document with 政务公开 front matter:\n%.300s", name, s)
		}
		body := s[strings.Index(s[3:], "+++")+6:]
		switch n := len(body); {
		case n < 900 || n > 9*1024:
			t.Errorf("%s: body of %d bytes", name, n)
		case n < 2048:
			small++
		case n > 5*1024:
			large++
		}
		if strings.Contains(body, "\n|--") || strings.Contains(body, "\n|---") {
			tables++
		}
		if strings.Contains(body, "## 一、") && strings.Contains(body, "### （一）") {
			outlines++
		}
	}
	if small == 0 || large == 0 || tables < 20 || outlines < 100 {
		t.Errorf("%d small, %d large, %d with tables, %d with 一、（一） outlines", small, large, tables, outlines)
	}
}

// The same options give the same bytes; the Hugo site has the same content.
func TestDeterministic(t *testing.T) {
	o := synth.Options{Docs: 40, Schools: 100, Years: 2, Counties: 2}
	a, b, h := afero.NewMemMapFs(), afero.NewMemMapFs(), afero.NewMemMapFs()
	for _, fsys := range []afero.Fs{a, b} {
		if _, err := synth.Generate(fsys, "/s", o); err != nil {
			t.Fatal(err)
		}
	}
	o.Hugo = true
	if _, err := synth.Generate(h, "/s", o); err != nil {
		t.Fatal(err)
	}
	fa, fb, fh := files(t, a, "/s/"), files(t, b, "/s/"), files(t, h, "/s/")
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		if strings.HasPrefix(name, "content/") && !bytes.Equal(x, fh[name]) {
			t.Errorf("%s differs in the Hugo site", name)
		}
	}
	if fh["config.toml"] == nil || fh["layouts/_default/single.html"] == nil || fh["site.toml"] != nil || fh["data/2024/schools.csv"] != nil {
		t.Errorf("Hugo site has the wrong files")
	}
}

// ChangeOneRow changes exactly one figure.
func TestChangeOneRow(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 1, Schools: 20, Years: 2, Counties: 2}); err != nil {
		t.Fatal(err)
	}
	before, _ := afero.ReadFile(fsys, "/s/data/2024/schools.csv")
	if err := synth.ChangeOneRow(fsys, "/s", 2024); err != nil {
		t.Fatal(err)
	}
	after, _ := afero.ReadFile(fsys, "/s/data/2024/schools.csv")
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) || bl[0] != al[0] || bl[1] == al[1] || bl[2] != al[2] {
		t.Errorf("before:\n%s\nafter:\n%s", bl[1], al[1])
	}
}

// More counties than there are two-character names (a national
// collection): every county still gets a name of its own.
func TestThousandsOfCounties(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Schools: 6000, Years: 1, Counties: 1500}); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for p, b := range files(t, fsys, "/s/data/2024/county/") {
		_, rest, _ := strings.Cut(string(b), "\nname = \"")
		name, _, _ := strings.Cut(rest, "\"")
		if other, ok := names[name]; ok || name == "" {
			t.Errorf("%s and %s: name %q", other, p, name)
		}
		names[name] = p
	}
	if len(names) != 1500 {
		t.Errorf("%d county names, want 1500", len(names))
	}
}
