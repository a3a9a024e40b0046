// Package publish writes the machine-readable files the site publishes
// beside its pages: each county-year's indicators.json, schools.csv and
// standards.json (their folder is layout.Data.Dir). It is the write side of
// the computed results: the pages show them, these files hand them on, and
// every table goes through the one CSV writer (internal/csvout).
package publish

import (
	"bytes"
	"encoding/json"

	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// File is one published file, by its name in its folder.
type File struct {
	Name string
	Data []byte
}

// CountyYear is the data files of one county-year: the report and the input
// it was computed from.
func CountyYear(rep *indicators.Report, in indicators.Input) ([]File, error) {
	js, err := IndicatorsJSON(rep)
	if err != nil {
		return nil, err
	}
	std, err := json.MarshalIndent(rep.Standards, "", "  ")
	if err != nil {
		return nil, err
	}
	return []File{
		{layout.IndicatorsJSON, js},
		{layout.SchoolsCSV, SchoolsCSVInput(rep, in)},
		{layout.StandardsJSON, append(std, '\n')},
	}, nil
}

// IndicatorsJSON encodes a report as indicators.json: indented with one
// school a line, keys sorted, numbers in full precision, and no HTML
// escaping (the file is data, not markup).
func IndicatorsJSON(r *indicators.Report) ([]byte, error) { return encodeJSON(r) }

// encodeJSON encodes a published JSON file: indented, each element of an
// array on one line (indentRecords), no HTML escaping (the file is data,
// not markup), ending in a newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	compact := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	out := indentRecords(make([]byte, 0, len(compact)+len(compact)/4), compact)
	return append(out, '\n'), nil
}
