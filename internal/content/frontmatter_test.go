package content

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/synth"
)

// tomlDecode is the front matter decoded by BurntSushi/toml alone.
func tomlDecode(fm string) (map[string]any, error) {
	raw := map[string]any{}
	_, err := toml.Decode(fm, &raw)
	return raw, err
}

// frontMatters are the front matters of the example sites' documents and
// of 300 gksynth documents.
func frontMatters(t testing.TB) (examples, synthetic []string) {
	t.Helper()
	for _, glob := range []string{"../../content/*/*.md", "../../examples/*/content/*/*.md"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if fm, _, _, ok := splitFrontMatter(b); ok && filepath.Base(file) != "_index.md" {
				examples = append(examples, fm)
			}
		}
	}
	if len(examples) < 10 {
		t.Fatalf("only %d example documents", len(examples))
	}
	fsys := afero.NewMemMapFs()
	if _, err := synth.Generate(fsys, "/s", synth.Options{Docs: 300}); err != nil {
		t.Fatal(err)
	}
	_ = afero.Walk(fsys, "/s/content", func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && fi.Name() != "_index.md" {
			b, _ := afero.ReadFile(fsys, p)
			if fm, _, _, ok := splitFrontMatter(b); ok {
				synthetic = append(synthetic, fm)
			}
		}
		return nil
	})
	return examples, synthetic
}

// The documents as gongkai new doc, gksynth and the example sites write
// them are read without toml (else the fast path saves nothing), giving
// what toml gives.
func TestSimpleFrontMatterReadsTheDocuments(t *testing.T) {
	examples, synthetic := frontMatters(t)
	simple := 0
	for _, fm := range append(examples, synthetic...) {
		want, err := tomlDecode(fm)
		if err != nil {
			t.Fatalf("%v:\n%s", err, fm)
		}
		got, ok := simpleFrontMatter(fm)
		if !ok {
			t.Errorf("not read by the fast path:\n%s", fm)
			continue
		}
		simple++
		if !reflect.DeepEqual(got, want) {
			t.Errorf("front matter\n%s\ngives %#v, toml %#v", fm, got, want)
		}
	}
	if simple < len(synthetic)*9/10 {
		t.Errorf("the fast path read %d of %d front matters", simple, len(examples)+len(synthetic))
	}
}

// What the fast path reads, and what it leaves to toml: the latter
// include every error, so that errors are toml's with its lines.
func TestSimpleFrontMatterLeavesTheRestToTOML(t *testing.T) {
	for _, fm := range []string{
		"",
		"\n\n# 注释\n\t# 缩进的注释\n",
		"title = \"标题\" # 注释\nindex_no='a\\b'\n",
		"keywords = []\nrelated = [ \"a.md\" , 'b.md', ]\n",
		"written = 2021-11-12\npublished = 2021-11-12T10:41:00+08:00\nexpires = 2022-01-31T00:00:00Z\nabolished=2021-01-01#c\n",
		"published = 2021-11-12T10:41:00-05:30\n",
		"draft = true\nnormative = false\ndisclosure_report = 2024\nn = 0\nm = [1, 2021-01-01, true, \"x\"]\n",
		"a-b_C9 = 1\n2021 = 2\n",
		"attachments = [{title = \"附件\", file = \"a.csv\"}, { title='b' ,file=\"b.pdf\" }]\n",
		"a = {}\nb = { x = 1, y = [1, \"z\"], d = 2021-01-01 , t = true}\nc = [{}]\n",
	} {
		got, ok := simpleFrontMatter(fm)
		want, err := tomlDecode(fm)
		if !ok || err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: fast path %v %#v, toml %v %#v", fm, ok, got, err, want)
		}
	}
	for _, fm := range []string{
		"title = \"a\\\"b\"",              // escape
		"title = \"\"\"多行\"\"\"",          // multi-line string
		"title = \"未闭合",                   // error
		"title = \"a\"\ntitle = \"b\"",    // duplicate: error
		"[table]\na = 1",                  // table
		"a.b = 1",                         // dotted key
		"\"引号\" = 1",                      // quoted key
		"a = 1.5",                         // float
		"a = 1_000",                       // underscore
		"a = 007",                         // leading zero: error
		"a = -1",                          // sign
		"a = 0x1F",                        // hex
		"a = 1234567890123456789",         // 19 digits
		"a = 99999999999999999999",        // out of range: error
		"a = [\n\"x\",\n]",                // multi-line array
		"a = [[1], [2]]",                  // nested array
		"a = {x = 1,}",                    // comma after the last (TOML 1.1)
		"a = {x = {y = 1}}",               // nested inline table
		"a = {x = 1, x = 2}",              // duplicate: error
		"a = {x.y = 1}",                   // dotted key
		"a = {\"x\" = 1}",                 // quoted key
		"a = {x = 1",                      // not closed: error
		"a = {x = 1} b",                   // error
		"a = {x = 1\n}",                   // multi-line (TOML 1.1)
		"a = {, x = 1}",                   // error
		"a = {x}",                         // error
		"a = 2021-11-12 10:41:00",         // space as the separator
		"a = 2021-11-12t10:41:00Z",        // lower-case t
		"a = 2021-11-12T10:41:00",         // local date-time
		"a = 2021-11-12T10:41:00.5+08:00", // fraction
		"a = 2021-11-12T10:41+08:00",      // no seconds
		"a = 2021-13-40",                  // no such date: error
		"a = 10:41:00",                    // local time
		"a = 2021-1-12",                   // missing zero: error
		"a = truex",                       // error
		"a = 1 b = 2",                     // error
		"a = \"x\" # \x01",                // control character in a comment: error
		"a = \"x\x7f\"",                   // control character in a string: error
		"a = \"x\"\r\nb = 1",              // carriage return (front matter has \n only)
		"a = \"\xff\"",                    // not UTF-8: error
		"= 1",                             // no key: error
		"a",                               // error
		"a =",                             // error
		"a = inf",                         // float
	} {
		if _, ok := simpleFrontMatter(fm); ok {
			t.Errorf("%q read by the fast path", fm)
		}
		got, err := decodeFrontMatter(fm)
		want, werr := tomlDecode(fm)
		if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() || err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v %#v, toml %v %#v", fm, err, got, werr, want)
		}
	}
}

// FuzzSimpleFrontMatter: whatever the fast path reads, toml reads too,
// giving the same values; and a document gives the same Document and the
// same diagnostics (with their lines) as when toml reads every front
// matter.
func FuzzSimpleFrontMatter(f *testing.F) {
	examples, synthetic := frontMatters(f)
	for _, fm := range append(examples, synthetic[:50]...) {
		f.Add(fm)
	}
	for _, fm := range []string{
		"title = \"\"\npublished = 2021-11-12T10:41:00+08:00\nwritten = 2021-11-13\n",
		"genre = \"x\"\nvalidity = 1\nkeywords = [1]\ndraft = \"true\"\nexpires = 2021-11-12T00:00:00Z\n",
		"disclosure_report = 1999\nattachments = []\nurl = \"../x\"\nslug = ''\ntitel = \"a\"\n",
		"a = [ 1 , 2 , ]  # c\n",
		"attachments = [{title = \"x\", file = \"y.csv\"}, {title = 1}]\nb = {c = [2021-01-01T00:00:00Z]}\n",
	} {
		f.Add(fm)
	}
	site := &config.Site{Title: "t", Publisher: "p", PageSize: 20, BasePath: "/"}
	f.Fuzz(func(t *testing.T, fm string) {
		if got, ok := simpleFrontMatter(fm); ok {
			want, err := tomlDecode(fm)
			if err != nil {
				t.Fatalf("fast path read what toml refuses (%v): %q", err, fm)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: fast path %#v, toml %#v", fm, got, want)
			}
		}
		src := []byte("+++\n" + fm + "\n+++\n正文\n")
		d, diags := parseDocument("content/sec/doc.md", "sec/doc.md", src, site)
		wd, wdiags := parseDocumentWith(tomlDecode, "content/sec/doc.md", "sec/doc.md", src, site)
		if !reflect.DeepEqual(d, wd) || !reflect.DeepEqual(diags, wdiags) {
			t.Fatalf("%q: document %+v %v, with toml alone %+v %v", fm, d, diags, wd, wdiags)
		}
	})
}

// Date.String writes what fmt's %04d-%02d-%02d writes.
func TestDateStringAsSprintf(t *testing.T) {
	for _, d := range []Date{{2024, 1, 2}, {1, 12, 31}, {9999, 9, 9}, {10000, 1, 1}, {-5, 3, 4}, {2024, 0, 0}, {2024, 100, 7}, {999, 10, 10}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
	if (Date{}).String() != "" {
		t.Error("the zero date is not empty")
	}
}

// digestLine writes what fmt.Sprintf("%q %x %s %d\n") writes.
func TestDigestLineAsSprintf(t *testing.T) {
	sum := [32]byte{0, 1, 0xab, 0xff, 31: 7}
	for _, c := range []struct {
		crel, stamp string
		n           int
	}{{"news/a.md", "", 0}, {"政策/“引号” \"x\"\t.md", "123 456", 3}, {"\xff.md", "9", 12}} {
		want := fmt.Sprintf("%q %x %s %d\n", c.crel, sum, c.stamp, c.n)
		if got := string(digestLine([]byte("x"), c.crel, sum, c.stamp, c.n)); got != "x"+want {
			t.Errorf("%q, want %q", got, "x"+want)
		}
	}
}
