// Command gksynth writes a synthetic gongkai site from a fixed seed, for
// benchmarks and for measuring builds at province scale (see
// docs/performance.md):
//
//	gksynth -o DIR [--docs N] [--schools S] [--years Y] [--counties C] [--seed N] [--hugo] [-f]
//	gksynth --change-row YEAR -o DIR
//	gksynth --archives -o DIR
//
// The site has N policy documents under content/ and, when S > 0, S school
// parts per year for Y years (the last 2024) across C counties under data/
// (with data/targets.toml when C > 1).
// The same options always write the same bytes. --hugo writes the same
// documents as a minimal Hugo site instead. --change-row changes one figure
// of one row of data/YEAR/schools.csv of an existing site (for measuring
// rebuilds after a data edit). --archives writes the crafted .xlsx and
// .docx files of synth.Archives, for measuring gongkai import-data and
// import on them.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/synth"
)

func main() {
	fs := flag.NewFlagSet("gksynth", flag.ContinueOnError)
	out := fs.String("o", "", "output directory (required)")
	var o synth.Options
	fs.IntVar(&o.Docs, "docs", 200, "number of documents")
	fs.IntVar(&o.Schools, "schools", 0, "school parts per year (0: no data/)")
	fs.IntVar(&o.Years, "years", 3, "number of reporting years")
	fs.IntVar(&o.Counties, "counties", 1, "number of counties")
	fs.IntVar(&o.LastYear, "last-year", 2024, "last reporting year")
	seed := fs.Uint64("seed", synth.DefaultSeed, "random seed")
	fs.BoolVar(&o.Hugo, "hugo", false, "write a Hugo site of the same documents")
	force := fs.Bool("f", false, "remove the output directory first when it is not empty")
	change := fs.Int("change-row", 0, "change one row of data/YEAR/schools.csv of the site in -o, and write nothing else")
	archives := fs.Bool("archives", false, "write the crafted .xlsx and .docx files into -o, and nothing else")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gksynth -o DIR [--docs N] [--schools S] [--years Y] [--counties C] [--seed N] [--hugo] [-f]")
		os.Exit(2)
	}
	osfs := afero.NewOsFs()
	if *archives {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gksynth:", err)
			os.Exit(1)
		}
		for _, a := range synth.Archives(1) {
			if err := os.WriteFile(filepath.Join(*out, a.Name), a.Make(), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "gksynth:", err)
				os.Exit(1)
			}
			fmt.Printf("%s\t%s\n", a.Name, a.What)
		}
		return
	}
	if *change != 0 {
		if err := synth.ChangeOneRow(osfs, *out, *change); err != nil {
			fmt.Fprintln(os.Stderr, "gksynth:", err)
			os.Exit(1)
		}
		return
	}
	o.Seed = *seed
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		if !*force {
			fmt.Fprintf(os.Stderr, "gksynth: %s is not empty (use -f to replace it)\n", *out)
			os.Exit(1)
		}
		if err := os.RemoveAll(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gksynth:", err)
			os.Exit(1)
		}
	}
	st, err := synth.Generate(osfs, *out, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gksynth:", err)
		os.Exit(1)
	}
	fmt.Printf("gksynth: %s: %d documents (%d sections, %d attachments), %d school parts over %d years in %d counties; %d files, %.1f MB\n",
		*out, st.Docs, st.Sections, st.Attachments, st.Parts, st.Years, st.Counties, st.Files, float64(st.Bytes)/1e6)
}
