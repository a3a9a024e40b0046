package report

import "strings"

// reservedIDs are the ids of the frame of a document page in the default
// theme (base.html, document.html): the skip link jumps to main.
var reservedIDs = []string{"main", "site-search-q", "att-h", "rel-h"}

// reservedPrefixes begin the ids that pages make: charts (ChartID: c_…,
// and c_…-option, the data charts.js draws), tables and their captions
// (t_…), goldmark's footnotes (fn:…, fnref…).
var reservedPrefixes = []string{"c_", "t_", "fn:", "fnref"}

// ReservedID reports whether id is one a page makes itself. A document's
// heading must not take one (markdown.Options.ReservedID): the browser
// finds the first element of an id, so a heading named like a chart's
// data would have the chart draw the heading's text instead.
func ReservedID(id string) bool {
	for _, r := range reservedIDs {
		if id == r {
			return true
		}
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}
