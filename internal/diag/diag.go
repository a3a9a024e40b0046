// Package diag collects the errors and warnings of a build, each with its
// place in the source, so that a build can report all of them at once.
//
// A diagnostic prints as
//
//	file:line: column (canonical): value: what was expected
//
// with the parts that are unknown left out, e.g.
//
//	data/2024/schools.csv:17: 在校生数 (students): "12a": not a whole number
//	content/policies/plan.md:3:1: unknown front matter key "titel"
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build; the previous destination is left as it was.
	Error Severity = iota
	// Warning is printed and the build goes on, unless --strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Severity Severity
	File     string // path relative to the site, with forward slashes
	Line     int    // 1-based; 0 when unknown
	Col      int    // 1-based; 0 when unknown
	// Column is a CSV column or TOML key as the author wrote it (e.g. 在校生数),
	// Canonical its canonical name (students). Either may be empty.
	Column    string
	Canonical string
	// Value is the offending value as written; HasValue tells an empty
	// value apart from no value.
	Value    string
	HasValue bool
	Msg      string // what was expected, or what is wrong
}

// Error formats the diagnostic as file:line:col: column (canonical): "value": msg.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(d.Line))
			if d.Col > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(d.Col))
			}
		}
		b.WriteString(": ")
	}
	switch {
	case d.Column != "" && d.Canonical != "" && d.Column != d.Canonical:
		fmt.Fprintf(&b, "%s (%s): ", d.Column, d.Canonical)
	case d.Column != "":
		b.WriteString(d.Column + ": ")
	case d.Canonical != "":
		b.WriteString(d.Canonical + ": ")
	}
	if d.HasValue {
		b.WriteString(strconv.Quote(d.Value) + ": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List collects diagnostics. It is safe for concurrent use.
// The zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf adds an error at file:line with a formatted message.
func (l *List) Errorf(file string, line int, format string, args ...any) {
	l.Add(Diagnostic{Severity: Error, File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at file:line with a formatted message.
func (l *List) Warnf(file string, line int, format string, args ...any) {
	l.Add(Diagnostic{Severity: Warning, File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	if other == nil {
		return
	}
	for _, d := range other.All() {
		l.Add(d)
	}
}

// All returns the diagnostics sorted by file, line, column and message, so
// that output does not depend on the order in which parallel work finished.
func (l *List) All() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Error() < b.Error()
	})
	return out
}

// Errors returns the diagnostics of severity Error, sorted.
func (l *List) Errors() []Diagnostic { return l.filter(Error) }

// Warnings returns the diagnostics of severity Warning, sorted.
func (l *List) Warnings() []Diagnostic { return l.filter(Warning) }

func (l *List) filter(s Severity) []Diagnostic {
	var out []Diagnostic
	for _, d := range l.All() {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// HasErrors reports whether any diagnostic is an Error. With strict, warnings
// count as errors too.
func (l *List) HasErrors(strict bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Len returns the number of diagnostics.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// BuildError is returned by a build that found errors in its input. It
// carries every diagnostic so that the caller can print them all.
type BuildError struct {
	Diagnostics []Diagnostic
}

func (e *BuildError) Error() string {
	var b strings.Builder
	n := 0
	for _, d := range e.Diagnostics {
		if d.Severity == Error {
			n++
		}
	}
	fmt.Fprintf(&b, "%d error(s):", n)
	for _, d := range e.Diagnostics {
		b.WriteString("\n")
		b.WriteString(d.Error())
	}
	return b.String()
}
